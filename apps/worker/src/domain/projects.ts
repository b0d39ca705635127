import { AppError, createProjectInput, type CreateProjectInput } from '@quarterdeck/contracts';
import type { Project, WorkflowRun } from '@quarterdeck/db';
import { materialiseRun } from '../engine/materialise';
import { lockRun } from '../engine/rows';
import { inTransaction, type Work } from '../engine/tx';
import { parseInput, type Actor, type DomainDeps } from './deps';
import { pauseRunInTx, resumeRunInTx, stopRunInTx } from './runs';

/** A name for a project nobody named: the idea's first line, shortened at a word. */
export function nameFromIdea(idea: string): string {
  const firstLine = idea.trim().split('\n')[0]?.trim() ?? '';
  if (firstLine.length <= 60) return firstLine || 'Untitled project';
  const cut = firstLine.slice(0, 60);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > 20 ? cut.slice(0, lastSpace) : cut).trim()}…`;
}

/**
 * An idea becomes a project and its run in one transaction: the project, the team's agents,
 * the run's waves and tasks, the events, and the first execution jobs. With startRun false
 * the run is laid out but stays pending until it is resumed.
 */
export async function createProjectFromIdea(
  deps: DomainDeps,
  input: CreateProjectInput,
  actor: Actor,
): Promise<{ project: Project; run: WorkflowRun }> {
  const parsed = parseInput(createProjectInput, input);
  return inTransaction(deps.db, async (w) => {
    if (!deps.catalog.getWorkflow(parsed.workflowTemplateId)) {
      throw new AppError('NOT_FOUND', `There is no workflow template "${parsed.workflowTemplateId}"`, { field: 'workflowTemplateId' });
    }
    const project = await w.tx.project.create({
      data: {
        name: parsed.name ?? nameFromIdea(parsed.productIdea),
        productIdea: parsed.productIdea,
        description: parsed.description ?? null,
        workflowTemplateId: parsed.workflowTemplateId,
        tokenBudget: parsed.tokenBudget ?? null,
        costBudgetUsd: parsed.costBudgetUsd ?? null,
        repositoryUrl: parsed.repositoryUrl ?? null,
        jiraProjectKey: parsed.jiraProjectKey ?? null,
        confluenceSpaceKey: parsed.confluenceSpaceKey ?? null,
        createdById: actor.userId,
      },
    });
    w.emit({
      type: 'project.created',
      projectId: project.id,
      payload: { name: project.name, productIdea: project.productIdea, workflowTemplateId: project.workflowTemplateId },
    });
    const run = await materialiseRun(w, deps.catalog, {
      project,
      workflowId: parsed.workflowTemplateId,
      ...(parsed.teamId ? { teamId: parsed.teamId } : {}),
      ...(parsed.variables ? { variables: parsed.variables } : {}),
      start: parsed.startRun,
    });
    return { project, run };
  });
}

/** Locked after the project's runs: run → project is the order every transaction takes. */
async function lockProject(w: Work, projectId: string): Promise<Project> {
  const rows = await w.tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM projects WHERE id = ${projectId}::uuid FOR NO KEY UPDATE`;
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
  return w.tx.project.findUniqueOrThrow({ where: { id: projectId } });
}

async function setProjectStatus(w: Work, project: Project, to: Project['status'], reason: string): Promise<Project> {
  if (project.status === to) return project;
  const updated = await w.tx.project.update({
    where: { id: project.id },
    data: { status: to, ...(to === 'completed' ? { completedAt: new Date() } : {}) },
  });
  w.emit({ type: 'project.status_changed', projectId: project.id, payload: { from: project.status, to, reason } });
  return updated;
}

async function runsOf(w: Work, projectId: string, statuses: WorkflowRun['status'][]) {
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
    const runs = await runsOf(w, projectId, ['running', 'pending']);
    const project = await lockProject(w, projectId);
    if (project.status === 'paused') return project;
    if (project.status !== 'active')
      throw new AppError('CONFLICT', `The project is ${project.status}; only an active project can be paused`, { field: 'projectId' });
    for (const run of runs) await pauseRunInTx(w, run, 'the project was paused');
    return setProjectStatus(w, project, 'paused', 'paused by a person');
  });
}

/** Resumes the project and every paused run of it; failed tasks get fresh attempts. */
export async function resumeProject(deps: DomainDeps, projectId: string, _actor: Actor): Promise<Project> {
  return inTransaction(deps.db, async (w) => {
    const runs = await runsOf(w, projectId, ['paused', 'failed']);
    const project = await lockProject(w, projectId);
    if (project.status === 'cancelled' || project.status === 'completed') {
      throw new AppError('CONFLICT', `The project is ${project.status}; it cannot be resumed`, { field: 'projectId' });
    }
    const active = await setProjectStatus(w, project, 'active', 'resumed by a person');
    for (const run of runs) await resumeRunInTx(w, deps.catalog, run, 'the project was resumed');
    return active;
  });
}

export async function cancelProject(deps: DomainDeps, projectId: string, _actor: Actor): Promise<Project> {
  return inTransaction(deps.db, async (w) => {
    const runs = await runsOf(w, projectId, ['pending', 'running', 'paused', 'failed']);
    const project = await lockProject(w, projectId);
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
    const runs = await runsOf(w, projectId, ['pending', 'running', 'paused', 'failed']);
    const project = await lockProject(w, projectId);
    if (project.status === 'completed') return project;
    for (const run of runs) {
      await stopRunInTx(w, run, { to: 'completed', reason: 'force-completed by an admin' });
    }
    return setProjectStatus(w, project, 'completed', 'force-completed by an admin');
  });
}

export interface ProjectCompletion {
  projectId: string;
  completionPercentage: number;
  totalTasks: number;
  completedTasks: number;
  artifactsAvailable: number;
}

export async function projectCompletion(deps: DomainDeps, projectId: string): Promise<ProjectCompletion> {
  const project = await deps.db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
  // Cancelled tasks are work nobody will do: they count neither way.
  const [totalTasks, completedTasks, artifactsAvailable] = await Promise.all([
    deps.db.task.count({ where: { projectId, status: { not: 'cancelled' } } }),
    deps.db.task.count({ where: { projectId, status: 'completed' } }),
    deps.db.contextArtifact.count({ where: { projectId } }),
  ]);
  return {
    projectId,
    completionPercentage: totalTasks === 0 ? 0 : Math.round((completedTasks / totalTasks) * 10_000) / 100,
    totalTasks,
    completedTasks,
    artifactsAvailable,
  };
}

export async function checkProjectCompletion(
  deps: DomainDeps,
  projectId: string,
): Promise<{ isComplete: boolean; completionIndicators: string[] }> {
  const project = await deps.db.project.findUnique({ where: { id: projectId }, select: { status: true } });
  if (!project) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
  const completion = await projectCompletion(deps, projectId);
  const [pendingReviews, openRuns, completedRuns] = await Promise.all([
    deps.db.hitlRequest.count({ where: { projectId, status: 'pending' } }),
    deps.db.workflowRun.count({ where: { projectId, status: { in: ['pending', 'running', 'paused', 'failed'] } } }),
    deps.db.workflowRun.count({ where: { projectId, status: 'completed' } }),
  ]);
  const indicators: string[] = [];
  if (project.status === 'completed') indicators.push('the project is marked completed');
  if (completion.totalTasks > 0 && completion.completedTasks === completion.totalTasks)
    indicators.push(`all ${completion.totalTasks} tasks completed`);
  if (completedRuns > 0 && openRuns === 0) indicators.push(`${completedRuns} run(s) completed and none open`);
  if (completion.artifactsAvailable > 0) indicators.push(`${completion.artifactsAvailable} artifact(s) available`);
  if (pendingReviews === 0) indicators.push('no human review pending');
  const isComplete =
    project.status === 'completed' ||
    (completion.totalTasks > 0 && completion.completedTasks === completion.totalTasks && openRuns === 0 && pendingReviews === 0);
  return { isComplete, completionIndicators: indicators };
}
