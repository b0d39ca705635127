import { prepareJob } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { notFound } from '../not-found';

/** Queue a QA pass over one iteration now (the seeds' `qa:trigger`) instead of waiting for the cycle. */
export async function triggerQa(db: Db, iterationId: string) {
  const iteration = await db.iteration.findUnique({ where: { id: iterationId }, select: { id: true } });
  if (!iteration) throw notFound('iteration', 'iterationId');
  const job = prepareJob('qa_cycle', { trigger: 'manual', iterationId });
  const [queued] = await db.$queryRawUnsafe<Array<{ id: string }>>(
    'SELECT id::text AS id FROM graphile_worker.add_job($1, $2::json, max_attempts => $3, job_key => $4)',
    job.identifier,
    JSON.stringify(job.payload),
    job.options.maxAttempts,
    job.options.jobKey ?? null,
  );
  return { iterationId, jobId: queued?.id ?? null, queued: true as const };
}
