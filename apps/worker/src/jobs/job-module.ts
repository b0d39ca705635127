import type { CronSchedules, JobIdentifier, JobPayload } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import type { JobHelpers } from 'graphile-worker';
import type { Logger } from 'pino';
import type { CpuPool } from '../pool/cpu-pool';

/** What every job gets: the worker process's shared resources. */
export interface WorkerServices {
  db: Db;
  logger: Logger;
  /** The process's thread pool for CPU-heavy work. */
  pool: CpuPool;
  /** This process's id (worker_heartbeats.id). */
  workerId: string;
  /** Aborted when the process shuts down; long jobs pass it on. */
  shutdownSignal: AbortSignal;
}

/** A handler gets its payload already parsed against the job catalogue. */
export type JobHandler<I extends JobIdentifier> = (payload: JobPayload<I>, helpers: JobHelpers) => Promise<void>;

/** Handlers typed against the job catalogue: a key that is not a catalogued job, or a wrong payload type, does not compile. */
export type JobHandlers = { [I in JobIdentifier]?: JobHandler<I> };

/**
 * One area's jobs (orchestration, watchdog, system…): its handlers, and overrides of the
 * catalogue's schedules for the recurring ones it handles. The worker process merges all
 * modules; a catalogued job handled by no module or by two is refused at start (and by a test).
 */
export interface JobModule {
  name: string;
  handlers(services: WorkerServices): JobHandlers;
  schedules?: CronSchedules;
  /** Jobs queued when a worker process starts (deduplicated by key, so many workers queue one). */
  startJobs?: StartJob[];
}

export interface StartJob {
  identifier: JobIdentifier;
  payload: Record<string, unknown>;
  jobKey: string;
}
