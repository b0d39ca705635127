import { ProgressBar } from '../../components/ProgressBar';
import { formatCostUsd, formatPercent, formatTokens } from '../../lib/format';
import type { CompletionMetrics, Project } from '../../types';

interface MetricsPanelProps {
  metrics: CompletionMetrics;
  project: Project;
}

/** Completion at a glance, with spend against the project's budgets where it has them. */
export function MetricsPanel({ metrics, project }: MetricsPanelProps) {
  return (
    <div className="metrics">
      <div className="metrics__progress">
        <span className="metrics__percent">{formatPercent(metrics.percentage)}</span>
        <ProgressBar value={metrics.completedTasks} max={metrics.totalTasks} failed={metrics.failedTasks} label="Tasks completed" />
      </div>
      <dl className="stats stats--compact">
        <Metric label="Tasks done" value={`${metrics.completedTasks} / ${metrics.totalTasks}`} />
        <Metric label="Failed" value={String(metrics.failedTasks)} />
        <Metric label="Waiting on you" value={String(metrics.pendingApprovals)} />
        <Metric label="Artifacts" value={String(metrics.artifactsAvailable)} />
        <Metric
          label="Tokens"
          value={metrics.totalTokens === null ? 'Not reported' : formatTokens(metrics.totalTokens)}
          detail={project.tokenBudget === null ? undefined : `of ${formatTokens(project.tokenBudget)}`}
        />
        <Metric
          label="Cost"
          value={metrics.costUsd === null ? 'Not reported' : formatCostUsd(metrics.costUsd)}
          detail={project.costBudgetUsd === null ? undefined : `of ${formatCostUsd(project.costBudgetUsd)}`}
        />
      </dl>
    </div>
  );
}

function Metric({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <div className="stat">
      <dt className="stat__label">{label}</dt>
      <dd className="stat__value">
        {value}
        {detail !== undefined && <span className="stat__detail">{detail}</span>}
      </dd>
    </div>
  );
}
