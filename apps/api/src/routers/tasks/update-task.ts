import { AppError, type UpdateTaskInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvents } from '../../events/record-event';
import { notFound } from '../not-found';
import { taskSelect } from './list-tasks';

/** A person's edit of a task: fields, status, assignee (or none), verification status. */
export async function updateTask(db: Db, input: UpdateTaskInput) {
  const { taskId, ...fields } = input;
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return db.$transaction(async (tx) => {
    const existing = await tx.task.findUnique({
      where: { id: taskId },
      select: { id: true, projectId: true, runId: true, status: true, attempts: true },
    });
    if (!existing) throw notFound('task', 'taskId');
    if (input.assignedAgentId) {
      const agent = await tx.agent.findUnique({ where: { id: input.assignedAgentId }, select: { id: true } });
      if (!agent) throw new AppError('BAD_REQUEST', 'assignedAgentId does not name an existing agent.', { field: 'assignedAgentId' });
    }
    const task = await tx.task.update({ where: { id: taskId }, data: changes, select: taskSelect });
    const scope = { projectId: existing.projectId, taskId, ...(existing.runId ? { runId: existing.runId } : {}) };
    await recordEvents(tx, [
      { type: 'task.updated', ...scope, payload: { changedFields: Object.keys(changes) } },
      ...(input.status !== undefined && input.status !== existing.status
        ? [
            {
              type: 'task.status_changed' as const,
              ...scope,
              payload: { from: existing.status, to: input.status, attempt: existing.attempts, reason: 'changed by a person' },
            },
          ]
        : []),
    ]);
    return task;
  });
}
