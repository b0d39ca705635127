import type { z } from 'zod';
import { AppError, runActionInput } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { WorkflowRun } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { isResumableRunStatus } from '../statuses';
import { stepMaxAttempts } from '../tasks/apply-failure-policy';
import { lockProject, type LockedRun } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';
import { advance } from './advance-run';
import { lockRunOrThrow } from './pause-run';

/**
 * Resumes a paused, failed, cancelled or never-started run (seed 004: resume covers failed
 * and cancelled runs). Failed and cancelled tasks get fresh attempts (as many as their step
 * allows) and are pending again (refreshRun reopens their waves); the project becomes active again.
 */
export async function resumeRunInTx(w: Work, catalog: TemplateCatalog, run: LockedRun, reason: string | undefined): Promise<void> {
  const { tx, emit } = w;
  if (run.status === 'running') return;
  if (!isResumableRunStatus(run.status))
    throw new AppError('CONFLICT', `The run is ${run.status}; it cannot be resumed`, { field: 'runId' });
  await lockProject(tx, run.projectId);
  const project = await tx.project.findUniqueOrThrow({ where: { id: run.projectId }, select: { status: true } });
  if (project.status !== 'active') {
    await tx.project.update({ where: { id: run.projectId }, data: { status: 'active', completedAt: null } });
    emit({
      type: 'project.status_changed',
      projectId: run.projectId,
      payload: { from: project.status, to: 'active', reason: 'a run was resumed' },
    });
  }

  const retried = await tx.task.findMany({
    where: { runId: run.id, status: { in: ['failed', 'cancelled'] } },
    select: { id: true, status: true, attempts: true, stepId: true },
  });
  for (const task of retried) {
    const maxAttempts = task.attempts + stepMaxAttempts(catalog, run.workflowId, task.stepId);
    await tx.task.update({
      where: { id: task.id },
      data: { status: 'pending', maxAttempts, retryAt: null, completedAt: null },
    });
    emit({
      type: 'task.status_changed',
      projectId: run.projectId,
      runId: run.id,
      taskId: task.id,
      payload: { from: task.status, to: 'pending', attempt: task.attempts, reason: 'the run was resumed' },
    });
  }
  await tx.workflowRun.update({
    where: { id: run.id },
    data: { status: 'running', statusReason: null, completedAt: null, ...(run.startedAt ? {} : { startedAt: new Date() }) },
  });
  if (run.status === 'pending') {
    const waveCount = await tx.wave.count({ where: { runId: run.id } });
    const team = await tx.workflowRun.findUniqueOrThrow({ where: { id: run.id }, select: { teamId: true } });
    emit({
      type: 'run.started',
      projectId: run.projectId,
      runId: run.id,
      payload: { workflowId: run.workflowId, teamId: team.teamId, waveCount },
    });
  } else {
    emit({ type: 'run.resumed', projectId: run.projectId, runId: run.id, payload: reason ? { reason } : {} });
  }
  await advance(w, run.id);
}

export async function resumeRun(deps: DomainDeps, input: z.input<typeof runActionInput>, _actor: Actor): Promise<WorkflowRun> {
  const parsed = parseInput(runActionInput, input);
  return inTransaction(deps.db, async (w) => {
    const run = await lockRunOrThrow(w, parsed.runId);
    await resumeRunInTx(w, deps.catalog, run, parsed.reason || undefined);
    return w.tx.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
  });
}
