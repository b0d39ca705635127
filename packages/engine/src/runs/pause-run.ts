import type { z } from 'zod';
import { AppError, runActionInput } from '@quarterdeck/contracts';
import type { WorkflowRun } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { lockRun, type LockedRun } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';

/** A running or never-started run stops handing out work; attempts already running finish. */
export async function pauseRunInTx(w: Work, run: LockedRun, reason: string): Promise<void> {
  if (run.status !== 'running' && run.status !== 'pending') return;
  await w.tx.workflowRun.update({ where: { id: run.id }, data: { status: 'paused', statusReason: reason } });
  w.emit({ type: 'run.paused', projectId: run.projectId, runId: run.id, payload: { reason } });
}

export async function lockRunOrThrow(w: Work, runId: string): Promise<LockedRun> {
  const run = await lockRun(w.tx, runId);
  if (!run) throw new AppError('NOT_FOUND', 'There is no such run', { field: 'runId' });
  return run;
}

export async function pauseRun(deps: DomainDeps, input: z.input<typeof runActionInput>, actor: Actor): Promise<WorkflowRun> {
  const parsed = parseInput(runActionInput, input);
  return inTransaction(deps.db, async (w) => {
    const run = await lockRunOrThrow(w, parsed.runId);
    if (run.status !== 'running' && run.status !== 'pending' && run.status !== 'paused') {
      throw new AppError('CONFLICT', `The run is ${run.status}; only a running run can be paused`, { field: 'runId' });
    }
    await pauseRunInTx(w, run, parsed.reason || `Paused by ${actor.userId ? 'a person' : 'the system'}`);
    return w.tx.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
  });
}
