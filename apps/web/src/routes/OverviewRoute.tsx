import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLiveEvents } from '../api/use-live-events';
import { useTRPC } from '../api/trpc';
import { toAgent } from '../lib/agent-view';
import { failed, loaded } from '../lib/loadable';
import { OverviewPage } from '../pages/OverviewPage';
import type { ActiveRunSummary, Loadable, OverviewData } from '../types';

export function OverviewRoute() {
  const trpc = useTRPC();
  const runs = useQuery(trpc.runs.list.queryOptions({ status: 'running', limit: 20 }));
  const projects = useQuery(trpc.projects.list.queryOptions({ limit: 200 }));
  const approvals = useQuery(trpc.hitl.list.queryOptions({ status: 'pending', limit: 50 }));
  const stuck = useQuery(trpc.agents.list.queryOptions({ status: 'stuck', limit: 50 }));
  const events = useQuery(trpc.events.query.queryOptions({ limit: 30 }));
  // Hourly over the last week: a day's work reads at a glance, and a live run still moves the latest bar.
  const spend = useQuery(trpc.usage.tokenSpend.queryOptions({ bucket: 'hour' }));
  // Wave and task counts per running run (runs.get); batched into one request.
  const runDetails = useQueries({ queries: (runs.data?.items ?? []).map((run) => trpc.runs.get.queryOptions({ runId: run.id })) });
  useLiveEvents(useMemo(() => ({ channels: ['projects' as const, 'hitl' as const, 'agents' as const, 'tokens' as const] }), []));

  let overview: Loadable<OverviewData> = { status: 'pending' };
  const broken = [runs, projects, approvals, stuck, events, spend].find((query) => query.status === 'error');
  if (broken !== undefined) overview = failed(broken.error?.message ?? 'The overview could not be loaded.', () => void broken.refetch());
  else if (projects.data && approvals.data && stuck.data && events.data && runs.data && spend.data) {
    const projectNames = new Map(projects.data.items.map((project) => [project.id, project.name]));
    const activeRuns = runDetails.flatMap((query): ActiveRunSummary[] => {
      const run = query.data;
      if (run === undefined) return [];
      const counts = run.waves.reduce(
        (sum, wave) => ({
          total: sum.total + wave.totalTasks,
          completed: sum.completed + (wave.tasksByStatus.completed ?? 0),
          failed: sum.failed + (wave.tasksByStatus.failed ?? 0),
        }),
        { total: 0, completed: 0, failed: 0 },
      );
      const { waves, ...runFields } = run;
      return [
        {
          run: runFields,
          projectName: projectNames.get(run.projectId) ?? 'Project',
          wavesTotal: waves.length,
          tasksTotal: counts.total,
          tasksCompleted: counts.completed,
          tasksFailed: counts.failed,
        },
      ];
    });
    overview = loaded({
      activeRuns,
      pendingApprovals: approvals.data.items.map((request) => ({
        ...request,
        projectName: projectNames.get(request.projectId) ?? 'Project',
        taskTitle: request.task?.title ?? null,
      })),
      stuckAgents: stuck.data.items.map(toAgent),
      tokenSpend: spend.data.series,
      recentEvents: events.data.events,
    });
  }
  return <OverviewPage overview={overview} />;
}
