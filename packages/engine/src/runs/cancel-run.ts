import type { z } from 'zod';
import { AppError, runActionInput } from '@quarterdeck/contracts';
import type { WorkflowRun } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { inTransaction } from '../unit-of-work/transaction';
import { lockRunOrThrow } from './pause-run';
import { stopRunInTx } from './stop-run';

export async function cancelRun(deps: DomainDeps, input: z.input<typeof runActionInput>, actor: Actor): Promise<WorkflowRun> {
  const parsed = parseInput(runActionInput, input);
  return inTransaction(deps.db, async (w) => {
    const run = await lockRunOrThrow(w, parsed.runId);
    if (run.status === 'completed') throw new AppError('CONFLICT', 'The run has completed; it cannot be cancelled', { field: 'runId' });
    await stopRunInTx(w, run, { to: 'cancelled', reason: parsed.reason || `Cancelled by ${actor.userId ? 'a person' : 'the system'}` });
    return w.tx.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
  });
}
