import { advance } from '../runs/advance-run';
import { taskScope } from '../scope';
import type { LockedTask } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';

/** The task is done: its dependants may start at once, and the run's waves and completion are brought up to date. */
export async function completeTask(w: Work, task: LockedTask, reason?: string): Promise<void> {
  await w.tx.$executeRaw`
    UPDATE tasks SET status = 'completed', completed_at = now(), retry_at = NULL, feedback = NULL, updated_at = now()
    WHERE id = ${task.id}::uuid`;
  w.emit({
    type: 'task.status_changed',
    ...taskScope(task),
    payload: { from: task.status, to: 'completed', attempt: task.attempts, ...(reason ? { reason } : {}) },
  });
  await advance(w, task.runId);
}
