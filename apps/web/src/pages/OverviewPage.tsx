import { Suspense, lazy } from 'react';
import { Link } from 'wouter';
import { EventTimeline } from '../components/EventTimeline';
import { LoadableView } from '../components/LoadableView';
import { PageHeader, Section } from '../components/PageHeader';
import { ProgressBar } from '../components/ProgressBar';
import { RelativeTime } from '../components/RelativeTime';
import { StatusBadge } from '../components/StatusBadge';
import { EmptyState, LoadingState } from '../components/states';
import { formatCostUsd, formatTokens } from '../lib/format';
import type { ActiveRunSummary, Agent, Loadable, OverviewData, PendingApproval, TokenSpendPoint } from '../types';

const TokenSpendChart = lazy(() => import('../components/TokenSpendChart'));

interface OverviewPageProps {
  overview: Loadable<OverviewData>;
}

/** What is happening now, and what needs a person: the page to keep open all day. */
export function OverviewPage({ overview }: OverviewPageProps) {
  return (
    <>
      <PageHeader title="Overview" description="Runs in progress, what waits on you, and what it costs." />
      <LoadableView state={overview} loadingLabel="Loading the overview…">
        {(data) => <OverviewContent data={data} />}
      </LoadableView>
    </>
  );
}

function OverviewContent({ data }: { data: OverviewData }) {
  return (
    <div className="overview">
      <Totals data={data} />
      <div className="grid grid--two">
        <Section title="Active runs" aside={<span className="count">{data.activeRuns.length}</span>}>
          <ActiveRuns runs={data.activeRuns} />
        </Section>
        <Section title="Pending approvals" aside={<span className="count">{data.pendingApprovals.length}</span>}>
          <PendingApprovals approvals={data.pendingApprovals} />
        </Section>
        <Section title="Stuck agents" aside={<span className="count">{data.stuckAgents.length}</span>}>
          <StuckAgents agents={data.stuckAgents} />
        </Section>
        <Section title="Token spend">
          <Suspense fallback={<LoadingState label="Loading the chart…" rows={1} />}>
            <TokenSpendChart points={data.tokenSpend} />
          </Suspense>
        </Section>
      </div>
      <Section title="Recent events">
        <EventTimeline events={data.recentEvents} emptyText="Nothing has happened yet." />
      </Section>
    </div>
  );
}

function Totals({ data }: { data: OverviewData }) {
  const tokens = sumTokens(data.tokenSpend);
  const cost = data.tokenSpend.reduce((sum, point) => sum + Number(point.costUsd), 0);
  return (
    <dl className="stats">
      <Stat label="Active runs" value={String(data.activeRuns.length)} />
      <Stat
        label="Waiting on you"
        value={String(data.pendingApprovals.length)}
        tone={data.pendingApprovals.length > 0 ? 'warning' : undefined}
      />
      <Stat label="Stuck agents" value={String(data.stuckAgents.length)} tone={data.stuckAgents.length > 0 ? 'danger' : undefined} />
      <Stat label="Tokens in period" value={formatTokens(tokens)} detail={formatCostUsd(cost)} />
    </dl>
  );
}

function Stat({ label, value, detail, tone }: { label: string; value: string; detail?: string; tone?: 'warning' | 'danger' }) {
  return (
    <div className={tone === undefined ? 'stat' : `stat stat--${tone}`}>
      <dt className="stat__label">{label}</dt>
      <dd className="stat__value">
        {value}
        {detail !== undefined && <span className="stat__detail">{detail}</span>}
      </dd>
    </div>
  );
}

function ActiveRuns({ runs }: { runs: ActiveRunSummary[] }) {
  if (runs.length === 0) {
    return (
      <EmptyState
        title="No runs in progress"
        compact
        action={
          <Link href="/projects" className="button">
            Start a project
          </Link>
        }
      >
        A run starts when a project is created from an idea.
      </EmptyState>
    );
  }
  return (
    <ul className="list">
      {runs.map(({ run, projectName, wavesTotal, tasksTotal, tasksCompleted, tasksFailed }) => (
        <li key={run.id} className="list__item">
          <div className="list__row">
            <Link href={`/projects/${run.projectId}`} className="list__title">
              {projectName}
            </Link>
            <StatusBadge kind="run" value={run.status} />
          </div>
          <ProgressBar value={tasksCompleted} max={tasksTotal} failed={tasksFailed} label={`${projectName} progress`} />
          <p className="list__meta">
            {tasksCompleted} of {tasksTotal} tasks · wave {run.currentWave} of {wavesTotal}
            {run.statusReason !== null && <> · {run.statusReason}</>}
          </p>
        </li>
      ))}
    </ul>
  );
}

function PendingApprovals({ approvals }: { approvals: PendingApproval[] }) {
  if (approvals.length === 0) {
    return (
      <EmptyState title="Nothing waits on you" compact>
        Reviews and agents' questions appear here.
      </EmptyState>
    );
  }
  return (
    <ul className="list">
      {approvals.map((approval) => (
        <li key={approval.id} className="list__item">
          <div className="list__row">
            <Link href={`/projects/${approval.projectId}?tab=approvals`} className="list__title">
              {approval.question}
            </Link>
            <StatusBadge kind="hitl" value={approval.status} />
          </div>
          <p className="list__meta">
            {approval.projectName}
            {approval.taskTitle !== null && <> · {approval.taskTitle}</>} · asked <RelativeTime iso={approval.createdAt} />
            {approval.timeoutAt !== null && (
              <>
                {' '}
                · times out <RelativeTime iso={approval.timeoutAt} />
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

function StuckAgents({ agents }: { agents: Agent[] }) {
  if (agents.length === 0) {
    return (
      <EmptyState title="No agent is stuck" compact>
        The watchdog lists agents here when it stops one.
      </EmptyState>
    );
  }
  return (
    <ul className="list">
      {agents.map((agent) => (
        <li key={agent.id} className="list__item">
          <div className="list__row">
            <Link href={`/agents?agent=${agent.id}`} className="list__title">
              {agent.name}
            </Link>
            <StatusBadge kind="agent" value={agent.status} />
          </div>
          <p className="list__meta">
            {agent.role} · last heartbeat {agent.lastHeartbeatAt === null ? 'never' : <RelativeTime iso={agent.lastHeartbeatAt} />}
          </p>
        </li>
      ))}
    </ul>
  );
}

function sumTokens(points: readonly TokenSpendPoint[]): number {
  return points.reduce((sum, point) => sum + point.totalTokens, 0);
}
