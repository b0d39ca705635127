import { formatPercent } from '../lib/format';

interface ProgressBarProps {
  value: number;
  max: number;
  /** What is progressing, read out by screen readers with the value. */
  label: string;
  /** Part of `max` that failed, drawn after the completed part. */
  failed?: number;
}

export function ProgressBar({ value, max, label, failed = 0 }: ProgressBarProps) {
  const safeMax = max > 0 ? max : 1;
  const done = clampPercent((value / safeMax) * 100);
  const bad = clampPercent((failed / safeMax) * 100, 100 - done);
  const valueText = `${value} of ${max} (${formatPercent(done)})${failed > 0 ? `, ${failed} failed` : ''}`;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={valueText}
    >
      <span className="progress__done" style={{ width: `${done}%` }} />
      {bad > 0 && <span className="progress__failed" style={{ width: `${bad}%` }} />}
    </div>
  );
}

function clampPercent(percent: number, ceiling = 100): number {
  if (!Number.isFinite(percent)) return 0;
  return Math.min(ceiling, Math.max(0, percent));
}
