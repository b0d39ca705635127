import { AppError, type TokenSpendInput, type UsageBucket } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { notFound } from '../not-found';

const BUCKET_MS: Record<UsageBucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** The default series window per bucket size: enough points for a chart, never thousands. */
const DEFAULT_WINDOW_BUCKETS: Record<UsageBucket, number> = { minute: 120, hour: 168, day: 90 };
/** A series longer than this is unreadable as a chart and costly to group; ask for a coarser bucket. */
export const MAX_SERIES_BUCKETS = 1_500;
/** The per-project table on the overview lists the biggest spenders, not every project ever made. */
const TOP_PROJECTS = 20;

interface SpendRow {
  totalTokens: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  calls: number;
}

/**
 * Tokens and cost from llm_usage: all-time totals (for the whole system or one project),
 * the projects that spent most, and spend per time bucket since `since` (only buckets that
 * had any usage; a chart treats gaps as zero). Sums are done in SQL, so the cost does not
 * grow with the number of rows sent to the client.
 */
export async function tokenSpend(db: Db, input: TokenSpendInput, now = new Date()) {
  const bucketMs = BUCKET_MS[input.bucket];
  const since =
    input.since === undefined ? new Date(now.getTime() - DEFAULT_WINDOW_BUCKETS[input.bucket] * bucketMs) : new Date(input.since);
  if ((now.getTime() - since.getTime()) / bucketMs > MAX_SERIES_BUCKETS) {
    throw new AppError(
      'BAD_REQUEST',
      `since is more than ${MAX_SERIES_BUCKETS} ${input.bucket}s ago; use a larger bucket or a later since.`,
      { field: 'since' },
    );
  }
  if (input.projectId !== undefined) {
    const project = await db.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
    if (!project) throw notFound('project', 'projectId');
  }
  const projectArgs = input.projectId === undefined ? [] : [input.projectId];
  const sums = (table: string) => `coalesce(sum(${table}.total_tokens), 0)::float8 AS "totalTokens",
    coalesce(sum(${table}.prompt_tokens), 0)::float8 AS "promptTokens",
    coalesce(sum(${table}.completion_tokens), 0)::float8 AS "completionTokens",
    coalesce(sum(${table}.cost_usd), 0)::float8 AS "costUsd",
    count(*)::int AS calls`;
  const projectFilter = (table: string) => (input.projectId === undefined ? '' : `AND ${table}.project_id = $1::uuid`);

  const [totals, byProject, series] = await Promise.all([
    db.$queryRawUnsafe<SpendRow[]>(`SELECT ${sums('u')} FROM llm_usage u WHERE true ${projectFilter('u')}`, ...projectArgs),
    db.$queryRawUnsafe<Array<SpendRow & { projectId: string; projectName: string }>>(
      `SELECT u.project_id::text AS "projectId", p.name AS "projectName", ${sums('u')}
       FROM llm_usage u JOIN projects p ON p.id = u.project_id
       WHERE true ${projectFilter('u')}
       GROUP BY u.project_id, p.name ORDER BY "totalTokens" DESC, p.name LIMIT ${TOP_PROJECTS}`,
      ...projectArgs,
    ),
    db.$queryRawUnsafe<Array<{ bucketStart: Date; totalTokens: number; costUsd: number }>>(
      `SELECT date_trunc('${input.bucket}', created_at) AS "bucketStart",
         sum(total_tokens)::float8 AS "totalTokens", sum(cost_usd)::float8 AS "costUsd"
       FROM llm_usage u WHERE created_at >= $${projectArgs.length + 1}::timestamptz ${projectFilter('u')}
       GROUP BY 1 ORDER BY 1`,
      ...projectArgs,
      since,
    ),
  ]);
  const total = totals[0] ?? { totalTokens: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, calls: 0 };
  return { bucket: input.bucket, since, totals: total, byProject, series };
}
