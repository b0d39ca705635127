import type { z } from 'zod';
import { AppError, skipTaskInput } from '@quarterdeck/contracts';
import type { Task } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { advance } from '../runs/advance-run';
import { continueRunInTx } from '../runs/continue-run';
import { taskScope } from '../scope';
import { inTransaction } from '../unit-of-work/transaction';
import { lockTaskOrThrow } from './lock-task-or-throw';
import { restoreDependants, stopTaskWork } from './stop-task-work';

/**
 * A person skips a task with a reason: whatever runs for it stops and it counts as done
 * without output (verification "skipped"), so the tasks after it run without its handoff.
 */
export async function skipTask(deps: DomainDeps, input: z.input<typeof skipTaskInput>, actor: Actor): Promise<Task> {
  const parsed = parseInput(skipTaskInput, input);
  return inTransaction(deps.db, async (w) => {
    const { task, run } = await lockTaskOrThrow(w, parsed.taskId);
    if (task.status === 'completed') throw new AppError('CONFLICT', 'The task is already completed', { field: 'taskId' });
    const reason = `skipped by ${actor.userId ? 'a person' : 'the system'}: ${parsed.reason}`;
    await stopTaskWork(w, task, reason);
    await w.tx.task.update({
      where: { id: task.id },
      data: {
        status: 'completed',
        verificationStatus: 'skipped',
        completedAt: new Date(),
        retryAt: null,
        lastError: reason,
        feedback: null,
      },
    });
    w.emit({
      type: 'task.status_changed',
      ...taskScope(task),
      payload: { from: task.status, to: 'completed', attempt: task.attempts, reason },
    });
    await restoreDependants(w, task, reason);
    if (run) await continueRunInTx(w, run, reason);
    await advance(w, task.runId);
    return w.tx.task.findUniqueOrThrow({ where: { id: task.id } });
  });
}
