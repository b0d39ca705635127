import { redact } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';

export type ComponentStatus = 'ok' | 'degraded' | 'down';

export interface HealthReport {
  status: ComponentStatus;
  api: { status: 'ok'; uptimeSeconds: number };
  database: { status: ComponentStatus; latencyMs?: number; error?: string };
  queue: { status: ComponentStatus; pendingJobs?: number; lockedJobs?: number; lastHeartbeatJobAt?: string | null; error?: string };
  workers: { status: ComponentStatus; alive: number; lastSeenAt?: string | null; error?: string };
  checkedAt: string;
}

export interface HealthThresholds {
  /** A worker whose heartbeat is older than this is not counted alive. */
  workerStaleMs: number;
  /** The queue is degraded when the minutely heartbeat job has not run for this long. */
  heartbeatJobStaleMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { workerStaleMs: 6_000, heartbeatJobStaleMs: 150_000 };
/** A part that has not answered by then is reported down, so a hung database cannot hang health. */
const PART_TIMEOUT_MS = 5_000;
const startedAt = Date.now();

/**
 * The real state of the parts: the database answers, graphile-worker's schema exists and its
 * recurring heartbeat job keeps running, and at least one worker process is beating. Never
 * rejects: a part that fails or hangs (the database going away mid-check) is reported down,
 * with what went wrong.
 */
export async function checkHealth(db: Db, thresholds: HealthThresholds = DEFAULT_HEALTH_THRESHOLDS): Promise<HealthReport> {
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

  report.queue = await part(
    () => queueHealth(db, now, thresholds),
    (error) => ({ status: 'down', error }),
  );
  report.workers = await part<HealthReport['workers']>(
    async () => {
      const workers = await db.workerHeartbeat.aggregate({
        where: { stoppedAt: null, lastSeenAt: { gt: new Date(now - thresholds.workerStaleMs) } },
        _count: { _all: true },
        _max: { lastSeenAt: true },
      });
      return {
        status: workers._count._all > 0 ? ('ok' as const) : ('down' as const),
        alive: workers._count._all,
        lastSeenAt: workers._max.lastSeenAt?.toISOString() ?? null,
      };
    },
    (error) => ({ status: 'down', alive: 0, error }),
  );
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

type Timed = { ok: true; ms: number } | { ok: false; error: string };

async function timed(work: () => Promise<unknown>): Promise<Timed> {
  const start = performance.now();
  return part<Timed>(
    async () => {
      await work();
      return { ok: true as const, ms: Math.round((performance.now() - start) * 100) / 100 };
    },
    (error) => ({ ok: false as const, error }),
  );
}

/** One part's check, turned into its `down` report when it throws or takes longer than PART_TIMEOUT_MS. */
async function part<T>(check: () => Promise<T>, down: (error: string) => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${PART_TIMEOUT_MS / 1_000} s`)), PART_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check(), timeout]);
  } catch (error) {
    // Only the last line: Prisma's messages open with the call site and end with the cause.
    const message = (error instanceof Error ? error.message : String(error)).trim().split('\n').at(-1) ?? 'failed';
    return down(redact(message).slice(0, 300));
  } finally {
    clearTimeout(timer);
  }
}
