import { Prisma } from '@quarterdeck/db';
import type { Work } from '../unit-of-work/transaction';

/**
 * Pending tasks of a run (or, with null, hand-made tasks outside any run) whose
 * dependencies have all completed become ready.
 */
export async function promoteReadyTasks({ tx, emit }: Work, runId: string | null): Promise<number> {
  const inScope = runId === null ? Prisma.sql`t.run_id IS NULL` : Prisma.sql`t.run_id = ${runId}::uuid`;
  const promoted = await tx.$queryRaw<Array<{ id: string; projectId: string; attempts: number }>>`
    UPDATE tasks t SET status = 'ready', updated_at = now()
    WHERE ${inScope} AND t.status = 'pending'
      AND NOT EXISTS (
        SELECT 1 FROM task_dependencies d JOIN tasks dep ON dep.id = d.depends_on_task_id
        WHERE d.task_id = t.id AND dep.status <> 'completed')
    RETURNING t.id, t.project_id AS "projectId", t.attempts`;
  for (const task of promoted) {
    emit({
      type: 'task.status_changed',
      projectId: task.projectId,
      ...(runId === null ? {} : { runId }),
      taskId: task.id,
      payload: { from: 'pending', to: 'ready', attempt: task.attempts },
    });
  }
  return promoted.length;
}
