import { prepareJob, type JobIdentifier, type JobPayloadInput } from '@quarterdeck/contracts';
import type { Tx } from '../engine/tx';

/**
 * Queues a catalogued job inside the caller's transaction (graphile_worker.add_job), so the
 * job exists exactly when the change that asked for it commits.
 */
export async function enqueueInTransaction<I extends JobIdentifier>(
  tx: Tx,
  identifier: I,
  payload: JobPayloadInput<I>,
  options: { runAt?: Date; withKey?: boolean } = {},
): Promise<void> {
  const job = prepareJob(identifier, payload);
  const jobKey = options.withKey ? (job.options.jobKey ?? null) : null;
  await tx.$queryRaw`
    SELECT (graphile_worker.add_job(
      ${job.identifier}::text,
      payload => ${JSON.stringify(job.payload)}::json,
      run_at => ${options.runAt ?? null}::timestamptz,
      max_attempts => ${job.options.maxAttempts}::int,
      job_key => ${jobKey}::text
    )).id`;
}
