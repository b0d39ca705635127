import type { Db } from '@quarterdeck/db';
import { notFound } from '../not-found';
import { taskSelect } from './list-tasks';

/** A task with what it depends on, what depends on it, and its sessions. */
export async function getTask(db: Db, taskId: string) {
  const task = await db.task.findUnique({
    where: { id: taskId },
    select: {
      ...taskSelect,
      dependsOn: { select: { dependsOnTaskId: true } },
      dependents: { select: { taskId: true } },
      sessions: {
        orderBy: { attempt: 'asc' },
        select: { id: true, agentId: true, attempt: true, status: true, stopReason: true, startedAt: true, endedAt: true },
      },
    },
  });
  if (!task) throw notFound('task', 'taskId');
  const { dependsOn, dependents, ...rest } = task;
  return {
    ...rest,
    dependsOnTaskIds: dependsOn.map((edge) => edge.dependsOnTaskId),
    dependentTaskIds: dependents.map((edge) => edge.taskId),
  };
}
