import type { RecordQaResultInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';

/** A person's QA verdict on an iteration: stored as a result row and as the iteration's current verdict. */
export async function recordQaResult(db: Db, input: RecordQaResultInput) {
  return db.$transaction(async (tx) => {
    const iteration = await tx.iteration.findUnique({ where: { id: input.iterationId }, select: { id: true, sessionId: true } });
    if (!iteration) throw notFound('iteration', 'iterationId');
    const result = await tx.iterationQaResult.create({
      data: {
        iterationId: iteration.id,
        result: input.result,
        findings: input.findings,
        recommendations: input.recommendations,
        source: 'manual',
      },
      select: { id: true, iterationId: true, result: true, findings: true, recommendations: true, source: true, createdAt: true },
    });
    await tx.iteration.update({ where: { id: iteration.id }, data: { qaResult: input.result }, select: { id: true } });
    await recordEvent(tx, {
      type: 'qa.result',
      sessionId: iteration.sessionId,
      payload: { iterationId: iteration.id, result: input.result, source: 'manual', findingCount: input.findings.length, auditId: null },
    });
    return result;
  });
}
