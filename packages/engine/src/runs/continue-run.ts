import type { RunStatus } from '@quarterdeck/db';
import { lockProject, type LockedRun } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';

/**
 * A stopped run has work again and goes on, its project active again: a person retried or
 * skipped the task that paused it, QA sent a task of a completed run back, a person added a
 * task to a completed run. Unlike resuming the whole run, its other failed tasks stay as
 * they are; refreshRun reopens the waves that have work again. The caller holds the run's
 * lock and calls this before it makes the task ready (a task of a run that is not running
 * is not handed out).
 */
export async function continueRunInTx(
  w: Work,
  run: LockedRun,
  reason: string,
  from: readonly RunStatus[] = ['paused', 'failed', 'completed'],
): Promise<void> {
  const { tx, emit } = w;
  if (!from.includes(run.status)) return;
  await tx.workflowRun.update({ where: { id: run.id }, data: { status: 'running', statusReason: null, completedAt: null } });
  emit({ type: 'run.resumed', projectId: run.projectId, runId: run.id, payload: { reason } });
  await lockProject(tx, run.projectId);
  const project = await tx.project.findUniqueOrThrow({ where: { id: run.projectId }, select: { status: true } });
  if (project.status !== 'active') {
    await tx.project.update({ where: { id: run.projectId }, data: { status: 'active', completedAt: null } });
    emit({ type: 'project.status_changed', projectId: run.projectId, payload: { from: project.status, to: 'active', reason } });
  }
}
