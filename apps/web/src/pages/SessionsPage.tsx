import { StatusFilter } from '../components/StatusFilter';
import { useState } from 'react';
import { ConfirmButton } from '../components/ConfirmButton';
import { LoadableView } from '../components/LoadableView';
import { LogTail, linesFromText, type LogTailLine } from '../components/LogTail';
import { PageHeader, Section } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { StatusBadge } from '../components/StatusBadge';
import { EmptyState } from '../components/states';
import { formatElapsed } from '../lib/format';
import { useNow } from '../lib/use-now';
import type {
  Iteration,
  IterationQaResult,
  JsonValue,
  LogLine,
  Loadable,
  SessionDetail,
  SessionListItem,
  SessionStatus,
  WatchdogFinding,
} from '../types';

export type SessionStatusFilter = SessionStatus | 'all';

interface SessionsPageProps {
  sessions: Loadable<SessionListItem[]>;
  statusFilter: SessionStatusFilter;
  onStatusFilterChange: (filter: SessionStatusFilter) => void;
  selectedSessionId: string | null;
  onSelectSession: (sessionId: string | null) => void;
  /** The selected session with its iterations, watchdog findings and QA results. */
  detail: Loadable<SessionDetail> | null;
  /** Lines streamed since `detail` loaded, appended to the running iteration's log. */
  liveLog: LogLine[];
  onTerminate: (sessionId: string) => Promise<void> | void;
  canOperate: boolean;
}

export function SessionsPage(props: SessionsPageProps) {
  const { sessions, statusFilter, onStatusFilterChange, selectedSessionId, onSelectSession, detail } = props;
  return (
    <>
      <PageHeader title="Sessions" description="Every attempt of an agent at a task: its log, what the watchdog saw, and QA." />
      <div className="grid grid--master-detail">
        <Section title="Sessions" aside={<StatusFilter kind="session" value={statusFilter} onChange={onStatusFilterChange} />}>
          <LoadableView state={sessions} loadingLabel="Loading sessions…">
            {(list) => <SessionList sessions={list} selectedId={selectedSessionId} onSelect={onSelectSession} />}
          </LoadableView>
        </Section>
        <div className="detail-column">
          {detail === null ? (
            <EmptyState title="No session selected">Choose a session to read its log, findings and QA results.</EmptyState>
          ) : (
            <LoadableView state={detail} loadingLabel="Loading the session…">
              {(data) => <SessionView {...props} detail={data} />}
            </LoadableView>
          )}
        </div>
      </div>
    </>
  );
}

interface SessionListProps {
  sessions: SessionListItem[];
  selectedId: string | null;
  onSelect: (sessionId: string) => void;
}

function SessionList({ sessions, selectedId, onSelect }: SessionListProps) {
  if (sessions.length === 0) {
    return (
      <EmptyState title="No sessions" compact>
        A session starts each time an agent picks up a task.
      </EmptyState>
    );
  }
  return (
    <ul className="list list--plain">
      {sessions.map((session) => (
        <li key={session.id}>
          <button
            type="button"
            className="list-button"
            aria-current={session.id === selectedId ? 'true' : undefined}
            onClick={() => onSelect(session.id)}
          >
            <span className="list-button__title">
              {session.agentName} · {session.taskTitle}
            </span>
            <span className="list-button__meta">
              <StatusBadge kind="session" value={session.status} /> attempt {session.attempt} · started{' '}
              <RelativeTime iso={session.startedAt} />
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

type SessionViewProps = Omit<SessionsPageProps, 'detail'> & { detail: SessionDetail };

function SessionView({ detail, liveLog, onTerminate, canOperate }: SessionViewProps) {
  const { session, iterations, findings, qaResults } = detail;
  const now = useNow();
  const running = session.status === 'running' || session.status === 'stuck';
  const [terminateError, setTerminateError] = useState<string | null>(null);
  const terminate = () => {
    setTerminateError(null);
    Promise.resolve(onTerminate(session.id)).catch((error: unknown) =>
      setTerminateError(error instanceof Error ? error.message : 'The session could not be terminated.'),
    );
  };
  return (
    <>
      <Section
        title={`${session.agentName} · ${session.taskTitle}`}
        aside={
          canOperate && running ? (
            <ConfirmButton
              label="Terminate"
              question="Terminate this session? The agent is stopped and the task is retried or escalated."
              confirmLabel="Yes, terminate"
              onConfirm={terminate}
            />
          ) : undefined
        }
      >
        {terminateError !== null && (
          <p role="alert" className="form-error">
            {terminateError}
          </p>
        )}
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <StatusBadge kind="session" value={session.status} />
          </dd>
          <dt>Attempt</dt>
          <dd>{session.attempt}</dd>
          <dt>Running for</dt>
          <dd>{formatElapsed(session.startedAt, session.endedAt, now)}</dd>
          <dt>Last output</dt>
          <dd>{session.lastOutputAt === null ? 'None yet' : <RelativeTime iso={session.lastOutputAt} />}</dd>
          <dt>Last tool call</dt>
          <dd>{session.lastToolCallAt === null ? 'None yet' : <RelativeTime iso={session.lastToolCallAt} />}</dd>
          {session.stopReason !== null && (
            <>
              <dt>Stopped because</dt>
              <dd>{session.stopReason}</dd>
            </>
          )}
        </dl>
      </Section>
      <Section title="Iterations">
        <IterationList iterations={iterations} liveLog={liveLog} />
      </Section>
      <Section title="Watchdog findings" aside={<span className="count">{findings.length}</span>}>
        <FindingList findings={findings} />
      </Section>
      <Section title="QA results" aside={<span className="count">{qaResults.length}</span>}>
        <QaList results={qaResults} />
      </Section>
    </>
  );
}

function IterationList({ iterations, liveLog }: { iterations: Iteration[]; liveLog: LogLine[] }) {
  if (iterations.length === 0) return <EmptyState title="No iterations yet" compact />;
  const sorted = [...iterations].sort((a, b) => a.number - b.number);
  const latest = sorted.at(-1);
  return (
    <div className="iterations">
      {sorted.map((iteration) => {
        const isLive = iteration === latest && iteration.status === 'running';
        const lines: LogTailLine[] = [...linesFromText(iteration.id, iteration.logContent), ...(isLive ? liveLog : [])];
        return (
          <details key={iteration.id} className="iteration" open={iteration === latest}>
            <summary className="iteration__summary">
              <span>Iteration {iteration.number}</span>
              <StatusBadge kind="iteration" value={iteration.status} />
              <StatusBadge kind="qa" value={iteration.qaResult} />
              <span className="list__meta">
                {iteration.toolCallCount} tool calls · {iteration.errorCount} errors
              </span>
            </summary>
            <LogTail lines={lines} label={`Log of iteration ${iteration.number}`} />
          </details>
        );
      })}
    </div>
  );
}

function FindingList({ findings }: { findings: WatchdogFinding[] }) {
  if (findings.length === 0) {
    return (
      <EmptyState title="Nothing found" compact>
        The watchdog records here when it sees a stuck or looping agent.
      </EmptyState>
    );
  }
  return (
    <ul className="list">
      {findings.map((finding) => (
        <li key={finding.id} className="list__item">
          <div className="list__row">
            <span className="list__title">{finding.rule}</span>
            <span className="list__meta">
              {finding.action} · <RelativeTime iso={finding.createdAt} />
            </span>
          </div>
          <JsonLines value={finding.evidence} />
        </li>
      ))}
    </ul>
  );
}

function QaList({ results }: { results: IterationQaResult[] }) {
  if (results.length === 0) {
    return (
      <EmptyState title="No QA results yet" compact>
        The QA cycle checks finished iterations every few minutes.
      </EmptyState>
    );
  }
  return (
    <ul className="list">
      {results.map((result) => (
        <li key={result.id} className="list__item">
          <div className="list__row">
            <StatusBadge kind="qa" value={result.result} />
            <span className="list__meta">
              {result.source === 'cycle' ? 'QA cycle' : 'Recorded by hand'} · <RelativeTime iso={result.createdAt} />
            </span>
          </div>
          <h4>Findings</h4>
          <JsonLines value={result.findings} />
          <h4>Recommendations</h4>
          <JsonLines value={result.recommendations} />
        </li>
      ))}
    </ul>
  );
}

/** Evidence, findings and recommendations are JSON: a list of strings reads as a list. */
function JsonLines({ value }: { value: JsonValue }) {
  if (Array.isArray(value)) {
    if (value.length === 0) return <p className="hint">None.</p>;
    if (value.every((item) => typeof item === 'string')) {
      return (
        <ul className="bullets">
          {value.map((item, index) => (
            <li key={index}>
              <code>{item}</code>
            </li>
          ))}
        </ul>
      );
    }
  }
  return <pre className="code-block">{JSON.stringify(value, null, 2)}</pre>;
}
