import { AppError } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';

/** A task an agent is working on cannot be deleted: terminate its session first. */
export async function deleteTask(db: Db, taskId: string) {
  return db.$transaction(async (tx) => {
    const task = await tx.task.findUnique({
      where: { id: taskId },
      select: { id: true, projectId: true, runId: true, title: true, status: true },
    });
    if (!task) throw notFound('task', 'taskId');
    if (task.status === 'working')
      throw new AppError('CONFLICT', 'An agent is working on this task; terminate its session before deleting it.', { field: 'taskId' });
    await tx.task.delete({ where: { id: taskId }, select: { id: true } });
    await recordEvent(tx, {
      type: 'task.deleted',
      projectId: task.projectId,
      taskId,
      ...(task.runId ? { runId: task.runId } : {}),
      payload: { title: task.title },
    });
    return { id: taskId, deleted: true as const };
  });
}
