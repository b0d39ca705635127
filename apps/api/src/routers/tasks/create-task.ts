import { AppError, type CreateTaskInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';
import { taskSelect } from './list-tasks';

/**
 * A hand-made task. It starts `ready` when it has no dependencies (the orchestrator hands
 * it to the next idle agent of its role), otherwise `pending` until they complete.
 */
export async function createTask(db: Db, input: CreateTaskInput) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
    if (!project) throw notFound('project', 'projectId');
    if (input.runId !== undefined) {
      const run = await tx.workflowRun.findFirst({ where: { id: input.runId, projectId: input.projectId }, select: { id: true } });
      if (!run) throw new AppError('BAD_REQUEST', 'runId does not name a run of this project.', { field: 'runId' });
    }
    if (input.dependsOn.length > 0) {
      const found = await tx.task.count({ where: { id: { in: input.dependsOn }, projectId: input.projectId } });
      if (found !== input.dependsOn.length)
        throw new AppError('BAD_REQUEST', 'dependsOn names tasks that are not in this project.', { field: 'dependsOn' });
    }
    const task = await tx.task.create({
      data: {
        projectId: input.projectId,
        runId: input.runId ?? null,
        title: input.title,
        instructions: input.instructions,
        role: input.role,
        priority: input.priority,
        category: input.category ?? null,
        lane: input.lane ?? null,
        requiresReview: input.requiresReview,
        status: input.dependsOn.length === 0 ? 'ready' : 'pending',
        ...(input.maxAttempts === undefined ? {} : { maxAttempts: input.maxAttempts }),
        dependsOn: { create: input.dependsOn.map((dependsOnTaskId) => ({ dependsOnTaskId })) },
      },
      select: taskSelect,
    });
    await recordEvent(tx, {
      type: 'task.created',
      projectId: task.projectId,
      taskId: task.id,
      ...(task.runId ? { runId: task.runId } : {}),
      payload: { title: task.title, role: task.role, priority: task.priority, waveNumber: null, stepId: null },
    });
    return task;
  });
}
