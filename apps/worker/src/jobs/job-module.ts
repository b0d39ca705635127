import type { Db } from '@quarterdeck/db';
import type { TaskList } from 'graphile-worker';
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

/**
 * One area's jobs (orchestration, execution, watchdog, …): its graphile-worker tasks and the
 * crontab lines that schedule the recurring ones. The worker process merges all modules.
 */
export interface JobModule {
  name: string;
  tasks(services: WorkerServices): TaskList;
  crontab?: string[];
  /** Jobs queued when a worker process starts (deduplicated by key, so many workers queue one). */
  startJobs?: StartJob[];
}

export interface StartJob {
  identifier: string;
  payload: Record<string, unknown>;
  jobKey: string;
  queueName?: string;
}
