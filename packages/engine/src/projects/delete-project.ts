import { AppError } from '@quarterdeck/contracts';
import type { Actor, DomainDeps } from '../deps';
import { stopRunInTx } from '../runs/stop-run';
import { OPEN_RUN_STATUSES, OPEN_TASK_STATUSES } from '../statuses';
import { stopTaskWork } from '../tasks/stop-task-work';
import { lockTask } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';
import { lockedProjectOrThrow, lockRunsOf } from './change-project-status';

export interface ProjectDeletion {
  id: string;
  deleted: true;
  /** What went with it, so the person who asked can be told. */
  removed: { runs: number; tasks: number; artifacts: number; agents: number; conversations: number };
}

/** What deleting the project would remove (the dashboard says it before asking to confirm). */
export async function projectDeletionImpact(deps: DomainDeps, projectId: string): Promise<ProjectDeletion['removed']> {
  const project = await deps.db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
  const [runs, tasks, artifacts, agents, conversations] = await Promise.all([
    deps.db.workflowRun.count({ where: { projectId } }),
    deps.db.task.count({ where: { projectId } }),
    deps.db.contextArtifact.count({ where: { projectId } }),
    deps.db.agent.count({ where: { projectId } }),
    deps.db.conversation.count({ where: { projectId } }),
  ]);
  return { runs, tasks, artifacts, agents, conversations };
}

/**
 * Deletes a project and everything it owns: its open runs and loose tasks are stopped first
 * (so shared agents working on its tasks are freed through the status transition, not left
 * "working" on a task that no longer exists), then its own agents, then the project (runs, tasks,
 * artifacts, requests and conversations cascade). Queued jobs find their rows gone and end;
 * the event log keeps the history.
 */
export async function deleteProject(deps: DomainDeps, projectId: string, _actor: Actor): Promise<ProjectDeletion> {
  const removed = await projectDeletionImpact(deps, projectId);
  return inTransaction(deps.db, async (w) => {
    const runs = await lockRunsOf(w, projectId, [...OPEN_RUN_STATUSES]);
    const project = await lockedProjectOrThrow(w, projectId);
    for (const run of runs) await stopRunInTx(w, run, { to: 'cancelled', reason: 'the project was deleted' });
    // Hand-made tasks outside any run are stopped one by one.
    const loose = await w.tx.task.findMany({
      where: { projectId, runId: null, status: { in: [...OPEN_TASK_STATUSES] } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    for (const { id } of loose) {
      const task = await lockTask(w.tx, id);
      if (task) await stopTaskWork(w, task, 'the project was deleted');
    }
    const agents = await w.tx.agent.findMany({ where: { projectId }, select: { id: true, name: true }, orderBy: { id: 'asc' } });
    await w.tx.agent.deleteMany({ where: { projectId } });
    for (const agent of agents) w.emit({ type: 'agent.deleted', agentId: agent.id, payload: { name: agent.name } });
    await w.tx.project.delete({ where: { id: projectId }, select: { id: true } });
    w.emit({ type: 'project.deleted', projectId, payload: { name: project.name } });
    return { id: projectId, deleted: true as const, removed: { ...removed, agents: agents.length } };
  });
}
