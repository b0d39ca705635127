import type { z } from 'zod';
import { AppError, recordQaResultInput } from '@quarterdeck/contracts';
import { parseInput, type DomainDeps } from '../deps';
import { inTransaction } from '../unit-of-work/transaction';

/** A person's QA verdict on an iteration: stored as a result row and as the iteration's current verdict. */
export async function recordManualQaResult(deps: DomainDeps, input: z.input<typeof recordQaResultInput>) {
  const parsed = parseInput(recordQaResultInput, input);
  return inTransaction(deps.db, async ({ tx, emit }) => {
    const iteration = await tx.iteration.findUnique({ where: { id: parsed.iterationId }, select: { id: true, sessionId: true } });
    if (!iteration) throw new AppError('NOT_FOUND', 'There is no such iteration', { field: 'iterationId' });
    const result = await tx.iterationQaResult.create({
      data: {
        iterationId: iteration.id,
        result: parsed.result,
        findings: parsed.findings,
        recommendations: parsed.recommendations,
        source: 'manual',
      },
      select: { id: true, iterationId: true, result: true, findings: true, recommendations: true, source: true, createdAt: true },
    });
    await tx.iteration.update({ where: { id: iteration.id }, data: { qaResult: parsed.result }, select: { id: true } });
    emit({
      type: 'qa.result',
      sessionId: iteration.sessionId,
      payload: { iterationId: iteration.id, result: parsed.result, source: 'manual', findingCount: parsed.findings.length, auditId: null },
    });
    return result;
  });
}
