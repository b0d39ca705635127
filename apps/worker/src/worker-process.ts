import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createDb } from '@quarterdeck/db';
import { Logger as GraphileLogger, run, type Runner, type WorkerEvents } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { readWorkerSettings, type WorkerSettings } from './env';
import type { JobModule, WorkerServices } from './jobs/job-module';
import { defaultJobModules } from './jobs/modules';
import { buildTaskList } from './jobs/task-list';
import { enqueue } from '@quarterdeck/engine';
import { startWorkerLiveness } from './liveness/worker-liveness';
import { createCpuPool } from './pool/cpu-pool';
import { configureRuntime } from './runtime';

export interface WorkerProcessOptions {
  databaseUrl: string;
  concurrency: number;
  heartbeatMs: number;
  deadAfterMs: number;
  logger: Logger;
  /**
   * Settings of the engine, the agent runtime and the watchdog; from the environment when
   * left out (main.ts passes the ones it read at start-up).
   */
  settings?: WorkerSettings;
  /** Job modules to run (the default ones, configured with `settings`, when left out); tests pass their own. */
  modules?: JobModule[];
  /** Threads in the CPU pool. */
  poolThreads?: number;
}

export interface WorkerProcess {
  workerId: string;
  services: WorkerServices;
  runner: Runner;
  stop(): Promise<void>;
}

/** Connects graphile-worker to Postgres, registers Quarterdeck's jobs and starts working. */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const workerId = `qd-worker-${randomUUID()}`;
  const db = createDb(options.databaseUrl, { applicationName: workerId });
  const pgPool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 2, application_name: workerId });
  pgPool.on('error', (error) => options.logger.warn({ err: error }, 'idle queue connection failed; the pool replaces it'));
  // A checked-out connection can fail too (a Postgres restart); graphile-worker retries the work.
  pgPool.on('connect', (client) => client.on('error', (error) => options.logger.warn({ err: error }, 'queue connection failed')));
  const shutdown = new AbortController();
  const services: WorkerServices = {
    db,
    logger: options.logger,
    pool: createCpuPool(options.poolThreads === undefined ? {} : { maxThreads: options.poolThreads }),
    workerId,
    shutdownSignal: shutdown.signal,
  };

  const settings = options.settings ?? readWorkerSettings();
  // Once per process, before the first job can run an agent.
  configureRuntime(services, settings.runtime);
  const modules = options.modules ?? defaultJobModules(settings);
  const { taskList, crontab } = buildTaskList(modules, services);

  const queueWorkerIds: string[] = [];
  // The names graphile-worker locks jobs with: in 0.17 that is the worker POOL's id (the
  // individual worker ids are kept too, for older lock rows). They are created inside run(),
  // before it returns, so the listeners must be on the emitter handed to it.
  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool }) => queueWorkerIds.push(workerPool.id));
  events.on('worker:create', ({ worker }) => queueWorkerIds.push(worker.workerId));
  const runner: Runner = await run({
    pgPool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1_000,
    taskList,
    crontab,
    events,
    logger: queueLogger(options.logger),
  });

  const liveness = startWorkerLiveness({
    db,
    workerId,
    queueWorkerIds: () => [...queueWorkerIds],
    heartbeatMs: options.heartbeatMs,
    deadAfterMs: options.deadAfterMs,
    logger: options.logger,
  });
  await liveness.start();
  for (const job of modules.flatMap((module) => module.startJobs ?? []))
    await enqueue(db, job.identifier, job.payload, { jobKey: job.jobKey });
  options.logger.info({ workerId, concurrency: options.concurrency, jobs: Object.keys(taskList) }, 'worker started');

  return {
    workerId,
    services,
    runner,
    async stop() {
      shutdown.abort();
      await runner.stop();
      await liveness.stop();
      await services.pool.destroy();
      await db.$disconnect();
      await pgPool.end();
    },
  };
}

/**
 * graphile-worker's own log lines through our logger: its per-job "Completed task" lines go
 * to debug, so the worker's output shows what matters (warnings, errors) by default.
 */
function queueLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { scope, ...(meta ?? {}) };
    // LogLevel is an ambient const enum (not importable as a value here); its values are strings.
    const severity: string = level;
    if (severity === 'error') logger.error(fields, message);
    else if (severity === 'warning') logger.warn(fields, message);
    else logger.debug(fields, message);
  });
}
