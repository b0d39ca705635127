import type { Work } from '../unit-of-work/transaction';

/** Everything downstream of a task that will never complete can never run: it is cancelled with the reason. */
export async function cancelDependants(
  { tx, emit }: Work,
  task: { id: string; projectId: string; runId: string | null },
  reason: string,
): Promise<number> {
  const cancelled = await tx.$queryRaw<Array<{ id: string; attempts: number; from: string }>>`
    WITH RECURSIVE downstream(id) AS (
      SELECT task_id FROM task_dependencies WHERE depends_on_task_id = ${task.id}::uuid
      UNION
      SELECT d.task_id FROM task_dependencies d JOIN downstream s ON d.depends_on_task_id = s.id)
    UPDATE tasks t SET status = 'cancelled', last_error = ${reason}, updated_at = now()
    FROM downstream s, tasks old
    WHERE t.id = s.id AND old.id = t.id AND t.status IN ('pending', 'ready')
    RETURNING t.id, t.attempts, old.status::text AS "from"`;
  for (const row of cancelled) {
    emit({
      type: 'task.status_changed',
      projectId: task.projectId,
      taskId: row.id,
      ...(task.runId ? { runId: task.runId } : {}),
      payload: { from: row.from === 'ready' ? 'ready' : 'pending', to: 'cancelled', attempt: row.attempts, reason },
    });
  }
  return cancelled.length;
}
