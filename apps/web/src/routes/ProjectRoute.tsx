import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useParams } from 'wouter';
import { useApiToken } from '../api/ApiProvider';
import { downloadWithToken } from '../api/download';
import type { ArtifactWithContent } from '../api/outputs';
import { useLiveEvents } from '../api/use-live-events';
import { useTRPC } from '../api/trpc';
import { compareEventIds } from '../lib/format';
import { applyLiveEvent, emptyLiveActivity, type NameLookup } from '../lib/live-activity';
import { failed, loaded } from '../lib/loadable';
import { buildProjectDetail } from '../lib/project-view';
import { useSearchParam } from '../lib/use-search-param';
import { ProjectPage, parseProjectTab } from '../pages/ProjectPage';
import type { ArtifactLineage, LiveActivity, Loadable, ProjectDetail, RunAction } from '../types';
import { useSession } from './auth';

/** Events kept for the timeline: the newest this many (the log itself is permanent). */
const TIMELINE_LIMIT = 200;

export function ProjectRoute() {
  const { projectId } = useParams<{ projectId: string }>();
  const [tab, setTab] = useSearchParam('tab');
  const { permissions } = useSession();
  const trpc = useTRPC();
  const token = useApiToken();
  const { detail, names } = useProjectDetail(projectId);
  const [activity, setActivity] = useState<LiveActivity>(emptyLiveActivity);
  const [liveEvents, setLiveEvents] = useState<QuarterdeckEvent[]>([]);

  const onEvent = useCallback(
    (event: QuarterdeckEvent) => {
      setActivity((current) => applyLiveEvent(current, event, names));
      setLiveEvents((current) => (current.some((known) => known.id === event.id) ? current : [...current, event].slice(-TIMELINE_LIMIT)));
    },
    [names],
  );
  const subscription = useMemo(() => ({ projectId }), [projectId]);
  useLiveEvents(subscription, onEvent);

  const respond = useMutation(trpc.hitl.respond.mutationOptions());
  const pause = useMutation(trpc.projects.pause.mutationOptions());
  const resume = useMutation(trpc.projects.resume.mutationOptions());
  const cancel = useMutation(trpc.projects.cancel.mutationOptions());
  const runActions: Record<RunAction, typeof pause> = { pause, resume, cancel };

  return (
    <ProjectPage
      detail={withLiveEvents(detail, liveEvents)}
      activity={activity}
      tab={parseProjectTab(tab)}
      onTabChange={setTab}
      onRunAction={async (_runId, action) => {
        // Runs are steered through their project: pausing it pauses its runs.
        await runActions[action].mutateAsync({ projectId });
      }}
      onRespond={async (requestId, submission) => {
        await respond.mutateAsync({ hitlRequestId: requestId, ...submission });
      }}
      onDownloadArtifacts={
        token === null || detail.status !== 'success' || detail.data.artifacts.length === 0
          ? null
          : () => downloadWithToken(`/api/v1/projects/${encodeURIComponent(projectId)}/artifacts.zip`, token, 'artifacts.zip')
      }
      canOperate={permissions.canOperate}
    />
  );
}

/** Live events join the queried timeline without duplicates (a resume can overlap the query). */
function withLiveEvents(detail: Loadable<ProjectDetail>, live: QuarterdeckEvent[]): Loadable<ProjectDetail> {
  if (detail.status !== 'success' || live.length === 0) return detail;
  const known = new Set(detail.data.events.map((event) => event.id));
  const events = [...detail.data.events, ...live.filter((event) => !known.has(event.id))]
    .sort((a, b) => compareEventIds(a.id, b.id))
    .slice(-TIMELINE_LIMIT);
  return loaded({ ...detail.data, events });
}

function useProjectDetail(projectId: string): { detail: Loadable<ProjectDetail>; names: NameLookup } {
  const trpc = useTRPC();
  const project = useQuery(trpc.projects.get.queryOptions({ projectId }));
  const latestRunId = project.data?.runs[0]?.id ?? null;
  const run = useQuery({ ...trpc.runs.get.queryOptions({ runId: latestRunId ?? '' }), enabled: latestRunId !== null });
  const tasks = useQuery(trpc.tasks.list.queryOptions({ projectId, limit: 200 }));
  const artifactList = useQuery(trpc.artifacts.list.queryOptions({ projectId, latestOnly: false, limit: 200 }));
  const approvals = useQuery(trpc.hitl.listForProject.queryOptions({ projectId, limit: 200 }));
  const events = useQuery(trpc.events.query.queryOptions({ projectId, limit: TIMELINE_LIMIT }));
  const agents = useQuery(trpc.agents.list.queryOptions({ limit: 200 }));
  // Spend is secondary: the page renders without it and shows "Not reported" until it arrives.
  const usage = useQuery(trpc.usage.tokenSpend.queryOptions({ projectId, bucket: 'hour' }));

  // Content and lineage are per artifact; the batch link sends each family as one HTTP request.
  const artifactIds = artifactList.data?.items.map((artifact) => artifact.id) ?? [];
  const contents = useQueries({ queries: artifactIds.map((artifactId) => trpc.artifacts.get.queryOptions({ artifactId })) });
  const lineages = useQueries({ queries: artifactIds.map((artifactId) => trpc.artifacts.lineage.queryOptions({ artifactId })) });

  const names = useMemo<NameLookup>(() => {
    const agentNames = new Map((agents.data?.items ?? []).map((agent) => [agent.id, agent.name]));
    const taskTitles = new Map((tasks.data?.items ?? []).map((task) => [task.id, task.title]));
    return {
      agentName: (agentId) => (agentId === undefined ? null : (agentNames.get(agentId) ?? null)),
      taskTitle: (taskId) => (taskId === undefined ? null : (taskTitles.get(taskId) ?? null)),
    };
  }, [agents.data, tasks.data]);

  const firstError = [project, run, tasks, artifactList, approvals, events].find((query) => query.status === 'error');
  if (firstError !== undefined) {
    return { detail: failed(firstError.error?.message ?? 'The project could not be loaded.', () => void firstError.refetch()), names };
  }
  if (
    project.data === undefined ||
    tasks.data === undefined ||
    approvals.data === undefined ||
    events.data === undefined ||
    (latestRunId !== null && run.data === undefined)
  ) {
    return { detail: { status: 'pending' }, names };
  }
  const loadedContents = contents.flatMap((query): ArtifactWithContent[] => (query.data === undefined ? [] : [query.data]));
  const edges = new Map<string, ArtifactLineage>();
  for (const query of lineages) {
    for (const edge of query.data?.edges ?? [])
      edges.set(`${edge.artifactId}:${edge.sourceArtifactId}`, { artifactId: edge.artifactId, sourceArtifactId: edge.sourceArtifactId });
  }
  return {
    detail: loaded(
      buildProjectDetail({
        project: project.data,
        run: run.data ?? null,
        tasks: tasks.data.items,
        artifacts: loadedContents,
        lineage: [...edges.values()],
        approvals: approvals.data.items,
        events: events.data.events,
        usage: usage.data === undefined ? null : { totalTokens: usage.data.totals.totalTokens, costUsd: usage.data.totals.costUsd },
      }),
    ),
    names,
  };
}
