import { AppError } from '@quarterdeck/contracts';
import type { DomainDeps } from '../deps';
import { OPEN_RUN_STATUSES } from '../statuses';

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
    deps.db.workflowRun.count({ where: { projectId, status: { in: [...OPEN_RUN_STATUSES] } } }),
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
