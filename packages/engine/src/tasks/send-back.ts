import { advance } from '../runs/advance-run';
import { taskScope } from '../scope';
import type { LockedTask } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';

/**
 * Sends a task back to ready for another attempt with feedback (a rejection, an answer, a
 * QA finding). Rework a person (or QA) asked for does not use up the retries kept for failures.
 */
export async function sendBack(w: Work, task: LockedTask, feedback: string | null, reason: string): Promise<void> {
  await w.tx.$executeRaw`
    UPDATE tasks SET status = 'ready', feedback = ${feedback}, retry_at = NULL, completed_at = NULL,
      max_attempts = max_attempts + 1, updated_at = now()
    WHERE id = ${task.id}::uuid`;
  w.emit({ type: 'task.status_changed', ...taskScope(task), payload: { from: task.status, to: 'ready', attempt: task.attempts, reason } });
  await advance(w, task.runId);
}
