import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLiveEvents } from '../api/use-live-events';
import { useTRPC } from '../api/trpc';
import { statusValues } from '../lib/format';
import { failed, fromQuery, loaded } from '../lib/loadable';
import { useSearchParam } from '../lib/use-search-param';
import { SessionsPage, type SessionStatusFilter } from '../pages/SessionsPage';
import type { Loadable, SessionDetail } from '../types';
import { toJsonValue } from '../lib/wire-read';
import { useSession } from './auth';

export function SessionsRoute() {
  const trpc = useTRPC();
  const { permissions } = useSession();
  const [status, setStatus] = useSearchParam('status');
  const [sessionId, setSessionId] = useSearchParam('session');
  const filter: SessionStatusFilter = statusValues('session').find((value) => value === status) ?? 'all';
  const agents = useQuery(trpc.agents.list.queryOptions({ limit: 200 }));
  const sessions = useQuery(trpc.sessions.list.queryOptions({ limit: 100, ...(filter === 'all' ? {} : { status: filter }) }));
  const detailQuery = useQuery({ ...trpc.sessions.get.queryOptions({ sessionId: sessionId ?? '' }), enabled: sessionId !== null });
  const logQuery = useQuery({ ...trpc.sessions.log.queryOptions({ sessionId: sessionId ?? '' }), enabled: sessionId !== null });
  useLiveEvents(useMemo(() => ({ channels: ['iterations' as const, 'agents' as const] }), []));

  const agentNames = new Map((agents.data?.items ?? []).map((agent) => [agent.id, agent.name]));
  const list = useMemo(
    () =>
      sessions.data === undefined
        ? undefined
        : sessions.data.items.map((session) => ({ ...session, agentName: agentNames.get(session.agentId) ?? 'Agent', taskTitle: '' })),
    [sessions.data, agentNames],
  );

  let detail: Loadable<SessionDetail> | null = null;
  if (sessionId !== null) {
    if (detailQuery.status === 'error') detail = failed(detailQuery.error.message, () => void detailQuery.refetch());
    else if (logQuery.status === 'error') detail = failed(logQuery.error.message, () => void logQuery.refetch());
    else if (detailQuery.data === undefined || logQuery.data === undefined) detail = { status: 'pending' };
    else {
      const { agent, task, iterations, findings, ...session } = detailQuery.data;
      const logs = new Map(logQuery.data.iterations.map((iteration) => [iteration.id, iteration.logContent]));
      detail = loaded({
        session: { ...session, agentName: agent.name, taskTitle: task.title },
        iterations: iterations.map((iteration) => ({ ...iteration, sessionId: session.id, logContent: logs.get(iteration.id) ?? '' })),
        findings: findings.map((finding) => ({ ...finding, sessionId: session.id, evidence: toJsonValue(finding.evidence) })),
        qaResults: [],
      });
    }
  }

  return (
    <SessionsPage
      sessions={fromQuery({ ...sessions, data: list })}
      statusFilter={filter}
      onStatusFilterChange={(next) => setStatus(next === 'all' ? null : next)}
      selectedSessionId={sessionId}
      onSelectSession={setSessionId}
      detail={detail}
      liveLog={[]}
      onTerminate={() => Promise.reject(new Error('Terminating a session is not offered by this server yet.'))}
      canOperate={permissions.canOperate}
    />
  );
}
