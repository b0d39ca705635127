import type { z } from 'zod';
import { AppError, taskActionInput } from '@quarterdeck/contracts';
import type { Task } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { advance } from '../runs/advance-run';
import { continueRunInTx } from '../runs/continue-run';
import { taskScope } from '../scope';
import { inTransaction } from '../unit-of-work/transaction';
import { stepMaxAttempts } from './apply-failure-policy';
import { lockTaskOrThrow } from './lock-task-or-throw';
import { restoreDependants } from './stop-task-work';

/**
 * "Retry now": a failed or cancelled task gets fresh attempts (and the tasks cancelled
 * because of it are pending again); a task waiting out a retry backoff starts at once. When
 * the task's run was paused or failed (a critical task failing pauses it), the run goes on.
 */
export async function retryTask(deps: DomainDeps, input: z.input<typeof taskActionInput>, actor: Actor): Promise<Task> {
  const parsed = parseInput(taskActionInput, input);
  return inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const { task, run } = await lockTaskOrThrow(w, parsed.taskId);
    const reason = `retried by ${actor.userId ? 'a person' : 'the system'}${parsed.reason ? `: ${parsed.reason}` : ''}`;
    if (task.status === 'failed' || task.status === 'cancelled') {
      const maxAttempts = task.attempts + stepMaxAttempts(deps.catalog, run?.workflowId ?? null, task.stepId);
      await tx.task.update({ where: { id: task.id }, data: { status: 'pending', maxAttempts, retryAt: null, completedAt: null } });
      emit({
        type: 'task.status_changed',
        ...taskScope(task),
        payload: { from: task.status, to: 'pending', attempt: task.attempts, reason },
      });
      await restoreDependants(w, task, reason);
    } else if (task.status === 'ready') {
      await tx.task.update({ where: { id: task.id }, data: { retryAt: null } });
    } else {
      throw new AppError('CONFLICT', `The task is ${task.status}; only a failed, cancelled or waiting task can be retried`, {
        field: 'taskId',
      });
    }
    if (run) await continueRunInTx(w, run, reason);
    await advance(w, task.runId);
    return tx.task.findUniqueOrThrow({ where: { id: task.id } });
  });
}
