import { AppError } from '@quarterdeck/contracts';
import type { Project, WorkflowRun } from '@quarterdeck/db';
import type { Actor, DomainDeps } from '../deps';
import { pauseRunInTx } from '../runs/pause-run';
import { resumeRunInTx } from '../runs/resume-run';
import { stopRunInTx } from '../runs/stop-run';
import { lockProject, lockRun, type LockedRun } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';

/** Locked after the project's runs: run → project is the order every transaction takes. */
export async function lockedProjectOrThrow(w: Work, projectId: string): Promise<Project> {
  if (!(await lockProject(w.tx, projectId))) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
  return w.tx.project.findUniqueOrThrow({ where: { id: projectId } });
}

export async function setProjectStatus(w: Work, project: Project, to: Project['status'], reason: string): Promise<Project> {
  if (project.status === to) return project;
  const updated = await w.tx.project.update({
    where: { id: project.id },
    data: { status: to, ...(to === 'completed' ? { completedAt: new Date() } : {}) },
  });
  w.emit({ type: 'project.status_changed', projectId: project.id, payload: { from: project.status, to, reason } });
  return updated;
}

export async function lockRunsOf(w: Work, projectId: string, statuses: WorkflowRun['status'][]): Promise<LockedRun[]> {
  const runs = await w.tx.workflowRun.findMany({
    where: { projectId, status: { in: statuses } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  const locked = [];
  for (const run of runs) {
    const row = await lockRun(w.tx, run.id);
    if (row) locked.push(row);
  }
  return locked;
}

export async function pauseProject(deps: DomainDeps, projectId: string, _actor: Actor): Promise<Project> {
  return inTransaction(deps.db, async (w) => {
    const runs = await lockRunsOf(w, projectId, ['running', 'pending']);
    const project = await lockedProjectOrThrow(w, projectId);
    if (project.status === 'paused') return project;
    if (project.status !== 'active')
      throw new AppError('CONFLICT', `The project is ${project.status}; only an active project can be paused`, { field: 'projectId' });
    for (const run of runs) await pauseRunInTx(w, run, 'the project was paused');
    return setProjectStatus(w, project, 'paused', 'paused by a person');
  });
}

/**
 * Resumes the project and its stopped runs: paused and failed ones, and for a cancelled
 * project the runs cancelled with it. Failed and cancelled tasks get fresh attempts.
 */
export async function resumeProject(deps: DomainDeps, projectId: string, _actor: Actor): Promise<Project> {
  return inTransaction(deps.db, async (w) => {
    const current = await w.tx.project.findUnique({ where: { id: projectId }, select: { status: true } });
    const statuses: WorkflowRun['status'][] = current?.status === 'cancelled' ? ['paused', 'failed', 'cancelled'] : ['paused', 'failed'];
    const runs = await lockRunsOf(w, projectId, statuses);
    const project = await lockedProjectOrThrow(w, projectId);
    if (project.status === 'completed') {
      throw new AppError('CONFLICT', 'The project has completed; start a new run instead', { field: 'projectId' });
    }
    const active = await setProjectStatus(w, project, 'active', 'resumed by a person');
    for (const run of runs) await resumeRunInTx(w, deps.catalog, run, 'the project was resumed');
    return active;
  });
}

export async function cancelProject(deps: DomainDeps, projectId: string, _actor: Actor): Promise<Project> {
  return inTransaction(deps.db, async (w) => {
    const runs = await lockRunsOf(w, projectId, ['pending', 'running', 'paused', 'failed']);
    const project = await lockedProjectOrThrow(w, projectId);
    if (project.status === 'cancelled') return project;
    if (project.status === 'completed')
      throw new AppError('CONFLICT', 'The project has completed; it cannot be cancelled', { field: 'projectId' });
    for (const run of runs) {
      await stopRunInTx(w, run, { to: 'cancelled', reason: 'the project was cancelled' });
    }
    return setProjectStatus(w, project, 'cancelled', 'cancelled by a person');
  });
}

/** An admin declares the project done: unfinished work is cancelled and its runs close as completed. */
export async function forceCompleteProject(deps: DomainDeps, projectId: string, _actor: Actor): Promise<Project> {
  return inTransaction(deps.db, async (w) => {
    const runs = await lockRunsOf(w, projectId, ['pending', 'running', 'paused', 'failed']);
    const project = await lockedProjectOrThrow(w, projectId);
    if (project.status === 'completed') return project;
    for (const run of runs) {
      await stopRunInTx(w, run, { to: 'completed', reason: 'force-completed by an admin' });
    }
    return setProjectStatus(w, project, 'completed', 'force-completed by an admin');
  });
}
