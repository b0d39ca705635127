import type { z } from 'zod';
import { AppError, taskActionInput } from '@quarterdeck/contracts';
import type { Task } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { advance } from '../runs/advance-run';
import { taskScope } from '../scope';
import { isTerminalTaskStatus } from '../statuses';
import { inTransaction } from '../unit-of-work/transaction';
import { cancelDependants } from './cancel-dependants';
import { lockTaskOrThrow } from './lock-task-or-throw';
import { stopTaskWork } from './stop-task-work';

/**
 * A person cancels a task: whatever runs for it stops, it is cancelled, and the tasks that
 * depend on it (which can now never run) are cancelled with it; the run goes on with the
 * rest and completes when they are done.
 */
export async function cancelTask(deps: DomainDeps, input: z.input<typeof taskActionInput>, actor: Actor): Promise<Task> {
  const parsed = parseInput(taskActionInput, input);
  return inTransaction(deps.db, async (w) => {
    const { task } = await lockTaskOrThrow(w, parsed.taskId);
    if (isTerminalTaskStatus(task.status)) {
      throw new AppError('CONFLICT', `The task is already ${task.status}`, { field: 'taskId' });
    }
    const reason = `cancelled by ${actor.userId ? 'a person' : 'the system'}${parsed.reason ? `: ${parsed.reason}` : ''}`;
    await stopTaskWork(w, task, reason);
    await w.tx.task.update({ where: { id: task.id }, data: { status: 'cancelled', retryAt: null, lastError: reason } });
    w.emit({
      type: 'task.status_changed',
      ...taskScope(task),
      payload: { from: task.status, to: 'cancelled', attempt: task.attempts, reason },
    });
    await cancelDependants(w, task, `depends on "${task.title}", which was cancelled`);
    await advance(w, task.runId);
    return w.tx.task.findUniqueOrThrow({ where: { id: task.id } });
  });
}
