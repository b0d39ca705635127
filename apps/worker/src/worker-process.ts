import { randomUUID } from 'node:crypto';
import { createDb } from '@quarterdeck/db';
import { run, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { systemHeartbeatJob } from './jobs/system-heartbeat';
import { startWorkerLiveness } from './liveness/worker-liveness';

export interface WorkerProcessOptions {
  databaseUrl: string;
  concurrency: number;
  heartbeatMs: number;
  deadAfterMs: number;
  logger: Logger;
}

export interface WorkerProcess {
  workerId: string;
  stop(): Promise<void>;
}

/** Connects graphile-worker to Postgres, registers Quarterdeck's jobs and starts working. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const workerId = `qd-worker-${randomUUID()}`;
  const db = createDb(options.databaseUrl, { applicationName: workerId });
  const pgPool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 2, application_name: workerId });
  pgPool.on('error', (error) => options.logger.warn({ err: error }, 'idle queue connection failed; the pool replaces it'));
  const queueWorkerIds: string[] = [];

  const taskList: TaskList = {
    system_heartbeat: systemHeartbeatJob(db, workerId),
  };

  const runner: Runner = await run({
    pgPool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1_000,
    taskList,
    crontab: '* * * * * system_heartbeat ?max=1&jobKey=system_heartbeat&jobKeyMode=replace',
    logger: undefined,
  });
  runner.events.on('worker:create', ({ worker }) => queueWorkerIds.push(worker.workerId));

  const liveness = startWorkerLiveness({
    db,
    workerId,
    queueWorkerIds: () => [...queueWorkerIds],
    heartbeatMs: options.heartbeatMs,
    deadAfterMs: options.deadAfterMs,
    logger: options.logger,
  });
  await liveness.start();
  // Beat once now rather than at the next whole minute, so /healthz is green right after start.
  await runner.addJob('system_heartbeat', {}, { jobKey: 'system_heartbeat', jobKeyMode: 'replace' });
  options.logger.info({ workerId, concurrency: options.concurrency }, 'worker started');

  return {
    workerId,
    async stop() {
      await runner.stop();
      await liveness.stop();
      await db.$disconnect();
      await pgPool.end();
    },
  };
}
