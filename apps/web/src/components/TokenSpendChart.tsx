import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCostUsd, formatTokens } from '../lib/format';
import type { TokenSpendPoint } from '../types';
import { EmptyState } from './states';

interface TokenSpendChartProps {
  points: readonly TokenSpendPoint[];
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Tokens spent per time bucket. The chart is for the eye; the same numbers are in a
 * visually hidden table for screen readers. Default export so the overview can load it
 * lazily: recharts is the largest dependency and only this view needs it.
 */
export default function TokenSpendChart({ points }: TokenSpendChartProps) {
  if (points.length === 0) {
    return (
      <EmptyState title="No tokens spent yet" compact>
        Spend appears here once agents start calling a model.
      </EmptyState>
    );
  }
  const first = Date.parse(points[0]?.bucketStart ?? '');
  const last = Date.parse(points.at(-1)?.bucketStart ?? '');
  const spansDays = last - first > 1.5 * DAY_MS;
  const data = points.map((point) => ({
    ...point,
    label: bucketLabel(point.bucketStart, spansDays),
  }));

  return (
    <figure className="chart">
      <div className="chart__canvas" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
            <XAxis dataKey="label" stroke="var(--text-muted)" tickLine={false} fontSize={12} minTickGap={24} />
            <YAxis stroke="var(--text-muted)" tickFormatter={(value: number) => formatTokens(value)} fontSize={12} width={48} />
            <Tooltip
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }}
              formatter={(value) => [formatTokens(Number(value)), 'Tokens']}
            />
            <Area
              type="monotone"
              dataKey="totalTokens"
              stroke="var(--accent)"
              fill="var(--accent-soft)"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <table className="visually-hidden">
        <caption>Tokens spent per period</caption>
        <thead>
          <tr>
            <th scope="col">Period starting</th>
            <th scope="col">Tokens</th>
            <th scope="col">Cost</th>
          </tr>
        </thead>
        <tbody>
          {data.map((point) => (
            <tr key={point.bucketStart}>
              <td>{point.label}</td>
              <td>{point.totalTokens}</td>
              <td>{formatCostUsd(point.costUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function bucketLabel(iso: string, spansDays: boolean): string {
  const date = new Date(iso);
  return new Intl.DateTimeFormat(undefined, spansDays ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' }).format(
    date,
  );
}
