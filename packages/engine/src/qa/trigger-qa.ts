import { AppError } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { enqueue } from '../unit-of-work/enqueue';

/** Queue a QA pass over one iteration now (the seeds' `qa:trigger`) instead of waiting for the cycle. */
export async function triggerQa(db: Db, iterationId: string): Promise<{ iterationId: string; jobId: string; queued: true }> {
  const iteration = await db.iteration.findUnique({ where: { id: iterationId }, select: { id: true } });
  if (!iteration) throw new AppError('NOT_FOUND', 'There is no such iteration', { field: 'iterationId' });
  const jobId = await enqueue(db, 'qa_cycle', { trigger: 'manual', iterationId });
  return { iterationId, jobId, queued: true as const };
}
