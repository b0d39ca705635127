import type { Db } from '@quarterdeck/db';
import { assignReadyTasks } from '../tasks/assign-ready-tasks';
import { promoteReadyTasks } from '../tasks/promote-ready-tasks';
import { lockRun } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';
import { refreshRun } from './refresh-run';

/** Moves a run (or, for a run-less task, the shared queue) forward after a change, inside the caller's transaction. */
export async function advance(w: Work, runId: string | null): Promise<void> {
  await promoteReadyTasks(w, runId);
  await assignReadyTasks(w);
  if (runId !== null) await refreshRun(w, runId);
}

/** One run moves forward on its own: dependencies met → ready, ready → assigned, waves and completion. */
export async function advanceRun(db: Db, runId: string): Promise<void> {
  await inTransaction(db, async (w) => {
    const run = await lockRun(w.tx, runId);
    if (run?.status !== 'running') return;
    await advance(w, runId);
  });
}

/** Ready tasks of every project go to idle agents (the orchestrator's sweep). */
export async function assignReadyWork(db: Db, limit = 100): Promise<number> {
  return inTransaction(db, (w) => assignReadyTasks(w, limit));
}
