import { AppError } from '@quarterdeck/contracts';
import type { DomainDeps } from '../deps';
import { advance } from '../runs/advance-run';
import { taskScope } from '../scope';
import { inTransaction } from '../unit-of-work/transaction';
import { lockTaskOrThrow } from './lock-task-or-throw';

/** A task an agent is working on cannot be deleted: stop or cancel it first. Its dependants no longer wait for it. */
export async function deleteTask(deps: DomainDeps, taskId: string): Promise<{ id: string; deleted: true }> {
  return inTransaction(deps.db, async (w) => {
    const { task } = await lockTaskOrThrow(w, taskId);
    if (task.status === 'working') {
      throw new AppError('CONFLICT', 'An agent is working on this task; cancel it before deleting it.', { field: 'taskId' });
    }
    await w.tx.task.delete({ where: { id: taskId }, select: { id: true } });
    w.emit({ type: 'task.deleted', ...taskScope(task), payload: { title: task.title } });
    await advance(w, task.runId);
    return { id: taskId, deleted: true as const };
  });
}
