import type { Db } from '@quarterdeck/db';
import { enqueue } from '../unit-of-work/enqueue';
import { inTransaction } from '../unit-of-work/transaction';

/**
 * A `working` task whose attempt has no live session and has not changed for a while lost
 * its execution job (it used up its queue attempts, or was deleted): queue it again. The
 * job is idempotent, so re-queuing one that merely waits behind others costs nothing.
 * Returns the tasks re-queued.
 */
export async function requeueOrphanedAttempts(db: Db, settings: { orphanAfterMs: number; workerDeadAfterMs: number }): Promise<string[]> {
  const cutoff = new Date(Date.now() - settings.orphanAfterMs);
  const liveAfter = new Date(Date.now() - settings.workerDeadAfterMs);
  const orphans = await db.$queryRaw<Array<{ id: string; attempts: number }>>`
    SELECT t.id, t.attempts FROM tasks t
    WHERE t.status = 'working' AND t.updated_at < ${cutoff}
      AND NOT EXISTS (
        SELECT 1 FROM agent_sessions s JOIN worker_heartbeats h ON h.id = s.worker_id
        WHERE s.task_id = t.id AND s.attempt = t.attempts AND s.status = 'running'
          AND h.stopped_at IS NULL AND h.last_seen_at > ${liveAfter})
    LIMIT 100`;
  if (orphans.length === 0) return [];
  await inTransaction(db, async ({ tx }) => {
    for (const orphan of orphans) await enqueue(tx, 'execute_task', { taskId: orphan.id, attempt: orphan.attempts });
  });
  return orphans.map((orphan) => orphan.id);
}
