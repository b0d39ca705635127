import type { z } from 'zod';
import { AppError, updateTaskInput } from '@quarterdeck/contracts';
import type { Task } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { taskScope } from '../scope';
import { inTransaction } from '../unit-of-work/transaction';
import { lockTaskOrThrow } from './lock-task-or-throw';

/** A person's edit of a task's own fields (title, instructions, priority, lane…); never its status or agent. */
export async function updateTask(deps: DomainDeps, input: z.input<typeof updateTaskInput>): Promise<Task> {
  const { taskId, ...fields } = parseInput(updateTaskInput, input);
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return inTransaction(deps.db, async (w) => {
    const { task } = await lockTaskOrThrow(w, taskId);
    if (task.status === 'working' && fields.instructions !== undefined) {
      throw new AppError(
        'CONFLICT',
        'An agent is working on this task; its new instructions would not reach it. Stop or reassign it first.',
        {
          field: 'instructions',
        },
      );
    }
    const updated = await w.tx.task.update({ where: { id: taskId }, data: changes });
    w.emit({ type: 'task.updated', ...taskScope(task), payload: { changedFields: Object.keys(changes) } });
    return updated;
  });
}
