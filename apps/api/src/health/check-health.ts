import type { Db } from '@quarterdeck/db';

export type ComponentStatus = 'ok' | 'degraded' | 'down';

export interface HealthReport {
  status: ComponentStatus;
  api: { status: 'ok'; uptimeSeconds: number };
  database: { status: ComponentStatus; latencyMs?: number; error?: string };
  queue: { status: ComponentStatus; pendingJobs?: number; lockedJobs?: number; lastHeartbeatJobAt?: string | null; error?: string };
  workers: { status: ComponentStatus; alive: number; lastSeenAt?: string | null };
  checkedAt: string;
}

export interface HealthThresholds {
  /** A worker whose heartbeat is older than this is not counted alive. */
  workerStaleMs: number;
  /** The queue is degraded when the minutely heartbeat job has not run for this long. */
  heartbeatJobStaleMs: number;
}

const defaultThresholds: HealthThresholds = { workerStaleMs: 30_000, heartbeatJobStaleMs: 150_000 };
const startedAt = Date.now();

/**
 * The real state of the parts: the database answers, graphile-worker's schema exists and its
 * recurring heartbeat job keeps running, and at least one worker process is beating.
 */
export async function checkHealth(db: Db, thresholds: HealthThresholds = defaultThresholds): Promise<HealthReport> {
  const now = Date.now();
  const database = await timed(() => db.$queryRawUnsafe('SELECT 1'));
  const report: HealthReport = {
    status: 'ok',
    api: { status: 'ok', uptimeSeconds: Math.round((now - startedAt) / 1000) },
    database: database.ok ? { status: 'ok', latencyMs: database.ms } : { status: 'down', error: database.error },
    queue: { status: 'down' },
    workers: { status: 'down', alive: 0 },
    checkedAt: new Date(now).toISOString(),
  };
  if (!database.ok) {
    report.status = 'down';
    report.queue.error = 'database unreachable';
    return report;
  }

  report.queue = await queueHealth(db, now, thresholds);
  const workers = await db.workerHeartbeat.aggregate({
    where: { stoppedAt: null, lastSeenAt: { gt: new Date(now - thresholds.workerStaleMs) } },
    _count: { _all: true },
    _max: { lastSeenAt: true },
  });
  report.workers = {
    status: workers._count._all > 0 ? 'ok' : 'down',
    alive: workers._count._all,
    lastSeenAt: workers._max.lastSeenAt?.toISOString() ?? null,
  };
  const parts = [report.database.status, report.queue.status, report.workers.status];
  report.status = parts.includes('down') ? 'down' : parts.includes('degraded') ? 'degraded' : 'ok';
  return report;
}

async function queueHealth(db: Db, now: number, thresholds: HealthThresholds): Promise<HealthReport['queue']> {
  const installed = await db.$queryRawUnsafe<Array<{ present: boolean }>>(
    "SELECT to_regclass('graphile_worker.jobs') IS NOT NULL AS present",
  );
  if (!installed[0]?.present) return { status: 'down', error: 'graphile-worker has not installed its schema (no worker has started yet)' };
  const [counts] = await db.$queryRawUnsafe<Array<{ pending: bigint; locked: bigint }>>(
    'SELECT count(*) FILTER (WHERE locked_at IS NULL) AS pending, count(*) FILTER (WHERE locked_at IS NOT NULL) AS locked FROM graphile_worker.jobs',
  );
  const lastBeat = await db.event.findFirst({
    where: { type: 'system.heartbeat' },
    orderBy: { id: 'desc' },
    select: { createdAt: true },
  });
  const fresh = lastBeat !== null && now - lastBeat.createdAt.getTime() < thresholds.heartbeatJobStaleMs;
  return {
    status: fresh ? 'ok' : 'degraded',
    pendingJobs: Number(counts?.pending ?? 0),
    lockedJobs: Number(counts?.locked ?? 0),
    lastHeartbeatJobAt: lastBeat?.createdAt.toISOString() ?? null,
  };
}

async function timed(work: () => Promise<unknown>): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  const start = performance.now();
  try {
    await work();
    return { ok: true, ms: Math.round((performance.now() - start) * 100) / 100 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
