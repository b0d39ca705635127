import { prepareJob, type JobIdentifier, type JobPayloadInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import type { Tx } from './transaction';

export interface EnqueueOptions {
  runAt?: Date;
  /**
   * Leave the catalogue's job key off. A delayed wake-up must not share the key of the
   * run's immediate tick: in replace mode it would push that tick back to its own run_at.
   */
  withoutKey?: boolean;
  /** A job key other than the catalogue's (a self-rescheduling chain keeps its own). */
  jobKey?: string;
  /** Fewer attempts than the catalogue's (a chain link whose next link replaces it). */
  maxAttempts?: number;
}

/**
 * THE way a job is queued (graphile_worker.add_job), through the caller's transaction when
 * there is one, so the job exists exactly when the state change that asked for it commits.
 * The payload is checked against the job catalogue first. Returns the job's id.
 */
export async function enqueue<I extends JobIdentifier>(
  runner: Tx | Db,
  identifier: I,
  payload: JobPayloadInput<I>,
  options: EnqueueOptions = {},
): Promise<string> {
  const job = prepareJob(identifier, payload);
  const jobKey = options.withoutKey ? null : (options.jobKey ?? job.options.jobKey ?? null);
  const rows = await runner.$queryRaw<Array<{ id: string }>>`
    SELECT (graphile_worker.add_job(
      ${job.identifier}::text,
      payload => ${JSON.stringify(job.payload)}::json,
      queue_name => ${job.options.queueName ?? null}::text,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${options.maxAttempts ?? job.options.maxAttempts}::int,
      job_key => ${jobKey}::text
    )).id::text AS id`;
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`graphile_worker.add_job returned no job for ${identifier}`);
  return id;
}
