import type { TaskStatus } from '@quarterdeck/db';
import { taskScope } from '../scope';
import { enqueue } from '../unit-of-work/enqueue';
import type { Work } from '../unit-of-work/transaction';

export interface RetryPlan {
  /** Why the attempt failed; kept as the task's last error. */
  reason: string;
  /** What the next attempt's prompt is told (the reason itself unless given). */
  feedback?: string;
  retryAt: Date;
}

/**
 * The task goes back to ready for another attempt at `retryAt`, with feedback for its next
 * prompt, and the orchestrator is woken when the retry comes due (so it does not wait for
 * its cron). Used by the failure policy and by the watchdog.
 */
export async function scheduleRetry(
  w: Work,
  task: { id: string; projectId: string; runId: string | null; status: TaskStatus; attempts: number },
  plan: RetryPlan,
): Promise<void> {
  const feedback = plan.feedback ?? plan.reason;
  await w.tx.$executeRaw`
    UPDATE tasks SET status = 'ready', retry_at = ${plan.retryAt}, last_error = ${plan.reason},
      feedback = ${feedback}, updated_at = now()
    WHERE id = ${task.id}::uuid`;
  const scope = taskScope(task);
  w.emit({
    type: 'task.status_changed',
    ...scope,
    payload: { from: task.status, to: 'ready', attempt: task.attempts, reason: plan.reason },
  });
  w.emit({
    type: 'task.retry_scheduled',
    ...scope,
    payload: { nextAttempt: task.attempts + 1, retryAt: plan.retryAt.toISOString(), reason: plan.reason },
  });
  // Keyless: the run's own tick key must keep its earlier run_at.
  await enqueue(
    w.tx,
    'orchestrator_tick',
    { reason: 'retry', ...(task.runId ? { runId: task.runId } : {}) },
    { runAt: plan.retryAt, withoutKey: true },
  );
}
