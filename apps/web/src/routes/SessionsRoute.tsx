import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLiveEvents } from '../api/use-live-events';
import { useTRPC } from '../api/trpc';
import { statusValues } from '../lib/format';
import { failed, fromQuery, loaded } from '../lib/loadable';
import { useSearchParam } from '../lib/use-search-param';
import { SessionsPage, type SessionStatusFilter } from '../pages/SessionsPage';
import type { Loadable, LogLine, SessionDetail } from '../types';
import { isIterationLog, liveLogAfter } from '../lib/session-log';
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
  const terminate = useMutation(trpc.sessions.terminate.mutationOptions());

  // The open session's log lines as they are written: a second subscription filtered to that
  // session, so the tail does not wait for a refetch of the whole log.
  const [logEvents, setLogEvents] = useState<Array<Extract<QuarterdeckEvent, { type: 'iteration.log' }>>>([]);
  useEffect(() => setLogEvents([]), [sessionId]);
  const onSessionEvent = useCallback((event: QuarterdeckEvent) => {
    if (isIterationLog(event)) setLogEvents((current) => [...current, event]);
  }, []);
  useLiveEvents(
    useMemo(() => ({ channels: ['iterations' as const], ...(sessionId === null ? {} : { sessionId }) }), [sessionId]),
    sessionId === null ? undefined : onSessionEvent,
  );

  const list = useMemo(() => {
    if (sessions.data === undefined) return undefined;
    const agentNames = new Map((agents.data?.items ?? []).map((agent) => [agent.id, agent.name]));
    return sessions.data.items.map((session) => ({ ...session, agentName: agentNames.get(session.agentId) ?? 'Agent', taskTitle: '' }));
  }, [sessions.data, agents.data]);

  let detail: Loadable<SessionDetail> | null = null;
  let liveLog: LogLine[] = [];
  if (sessionId !== null) {
    if (detailQuery.status === 'error') detail = failed(detailQuery.error.message, () => void detailQuery.refetch());
    else if (logQuery.status === 'error') detail = failed(logQuery.error.message, () => void logQuery.refetch());
    else if (detailQuery.data === undefined || logQuery.data === undefined) detail = { status: 'pending' };
    else {
      const { agent, task, iterations, findings, ...session } = detailQuery.data;
      const logs = new Map(logQuery.data.iterations.map((iteration) => [iteration.id, iteration.logContent]));
      const latest = iterations.at(-1);
      liveLog = latest === undefined ? [] : liveLogAfter(logEvents, latest.id, logs.get(latest.id)?.length ?? 0);
      detail = loaded({
        session: { ...session, agentName: agent.name, taskTitle: task.title },
        iterations: iterations.map(({ qaResults: _verdicts, ...iteration }) => ({
          ...iteration,
          sessionId: session.id,
          logContent: logs.get(iteration.id) ?? '',
        })),
        findings: findings.map((finding) => ({ ...finding, sessionId: session.id, evidence: toJsonValue(finding.evidence) })),
        qaResults: iterations.flatMap((iteration) =>
          iteration.qaResults.map((verdict) => ({
            ...verdict,
            iterationId: iteration.id,
            auditId: null,
            findings: toJsonValue(verdict.findings),
            recommendations: toJsonValue(verdict.recommendations),
          })),
        ),
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
      liveLog={liveLog}
      onTerminate={async (id) => {
        await terminate.mutateAsync({ sessionId: id });
      }}
      canOperate={permissions.canOperate}
    />
  );
}
