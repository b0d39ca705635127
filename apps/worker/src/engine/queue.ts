import { prepareJob, type JobIdentifier, type JobPayloadInput } from '@quarterdeck/contracts';
import type { Tx } from './tx';

export interface EnqueueOptions {
  runAt?: Date;
  /**
   * Leave the catalogue's job key off. A delayed wake-up must not share the key of the
   * run's immediate tick: in replace mode it would push that tick back to its own run_at.
   */
  withoutKey?: boolean;
}

/**
 * Enqueues a catalogued job through the caller's transaction (graphile_worker.add_job), so
 * the job exists exactly when the state change that asked for it commits.
 */
export async function enqueue<I extends JobIdentifier>(
  tx: Tx,
  identifier: I,
  payload: JobPayloadInput<I>,
  options: EnqueueOptions = {},
): Promise<void> {
  const job = prepareJob(identifier, payload);
  const jobKey = options.withoutKey ? null : (job.options.jobKey ?? null);
  await tx.$queryRaw`
    SELECT (graphile_worker.add_job(
      ${job.identifier}::text,
      payload => ${JSON.stringify(job.payload)}::json,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${job.options.maxAttempts}::int,
      job_key => ${jobKey}::text
    )).id`;
}
