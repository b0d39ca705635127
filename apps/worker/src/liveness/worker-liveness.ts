import os from 'node:os';
import type { Db } from '@quarterdeck/db';
import { inTransaction } from '@quarterdeck/engine';
import type { Logger } from 'pino';

export interface WorkerLivenessOptions {
  db: Db;
  /** This process's id in worker_heartbeats. */
  workerId: string;
  /** graphile-worker's own ids for the workers inside this process (their lock names). */
  queueWorkerIds: () => string[];
  heartbeatMs: number;
  deadAfterMs: number;
  logger: Logger;
}

/**
 * Quarterdeck's own liveness record for worker processes. graphile-worker keeps the jobs of a
 * worker that died (SIGKILL, power loss) locked for 4 hours; every live worker therefore also
 * looks for peers that stopped beating and releases their locks with
 * graphile_worker.force_unlock_workers, so their jobs run again within seconds.
 */
export function startWorkerLiveness(options: WorkerLivenessOptions) {
  const { db, workerId, logger } = options;
  let timer: NodeJS.Timeout | undefined;
  let beating: Promise<void> = Promise.resolve();

  const beat = async () => {
    await db.workerHeartbeat.upsert({
      where: { id: workerId },
      create: { id: workerId, hostname: os.hostname(), pid: process.pid, queueWorkerIds: options.queueWorkerIds() },
      update: { lastSeenAt: new Date(), queueWorkerIds: options.queueWorkerIds(), stoppedAt: null },
    });
    await releaseDeadWorkers(db, options.deadAfterMs, logger);
  };

  const schedule = () => {
    timer = setTimeout(() => {
      beating = beat()
        .catch((error: unknown) => logger.warn({ err: error }, 'worker heartbeat failed; will retry'))
        .finally(schedule);
    }, options.heartbeatMs);
    timer.unref();
  };

  return {
    /** Records the first beat; call once graphile-worker has created its workers. */
    async start() {
      await beat();
      schedule();
    },
    async stop() {
      if (timer) clearTimeout(timer);
      await beating;
      await db.workerHeartbeat.update({ where: { id: workerId }, data: { stoppedAt: new Date() } }).catch(() => {});
    },
  };
}

/**
 * Finds worker processes that stopped beating without saying goodbye, releases every queue
 * lock they held, and records that they were lost. Safe to run from many processes at once:
 * the row update is the claim, so each dead worker is released once.
 */
export async function releaseDeadWorkers(db: Db, deadAfterMs: number, logger: Logger): Promise<string[]> {
  const cutoff = new Date(Date.now() - deadAfterMs);
  const dead = await db.workerHeartbeat.findMany({
    where: { stoppedAt: null, lastSeenAt: { lt: cutoff } },
    select: { id: true, queueWorkerIds: true, hostname: true, pid: true },
  });
  const released: string[] = [];
  for (const worker of dead) {
    await inTransaction(db, async ({ tx, emit }) => {
      const claimed = await tx.workerHeartbeat.updateMany({
        where: { id: worker.id, stoppedAt: null, lastSeenAt: { lt: cutoff } },
        data: { stoppedAt: new Date() },
      });
      if (claimed.count === 0) return;
      if (worker.queueWorkerIds.length > 0) {
        await tx.$executeRawUnsafe('SELECT graphile_worker.force_unlock_workers($1::text[])', worker.queueWorkerIds);
      }
      emit({
        type: 'worker.lost',
        severity: 'warning',
        payload: { workerId: worker.id, hostname: worker.hostname, pid: worker.pid, releasedQueueWorkers: worker.queueWorkerIds },
      });
      released.push(worker.id);
    });
    logger.warn({ deadWorker: worker.id }, 'released the queue locks of a worker that stopped beating');
  }
  return released;
}
