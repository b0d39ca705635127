import type { JobPayload } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';
import { releaseDeadWorkers } from '../liveness/worker-liveness';
import type { EngineConfig } from './config';
import { advance } from './outcomes';
import { enqueue } from './queue';
import { lockRun } from './rows';
import { assignReadyTasks } from './scheduling';
import { inTransaction } from './tx';

export interface TickDeps {
  db: Db;
  logger: Logger;
  config: EngineConfig;
}

/** One run moves forward: dependencies met → ready, ready → assigned, waves and completion. */
export async function advanceRun(db: Db, runId: string): Promise<void> {
  await inTransaction(db, async (w) => {
    const run = await lockRun(w.tx, runId);
    if (run?.status !== 'running') return;
    await advance(w, runId);
  });
}

/**
 * The orchestrator tick. With a runId it advances that run (queued by events that can
 * unblock it, such as a retry coming due). From the crontab it sweeps everything: releases
 * the queue locks of dead workers, advances every running run, hands run-less ready tasks
 * out, and re-queues attempts whose execution job was lost.
 */
export async function orchestratorTick(deps: TickDeps, payload: JobPayload<'orchestrator_tick'>): Promise<void> {
  if (payload.runId !== undefined) {
    await advanceRun(deps.db, payload.runId);
    return;
  }
  await releaseDeadWorkers(deps.db, deps.config.workerDeadAfterMs, deps.logger);
  const runs = await deps.db.workflowRun.findMany({ where: { status: 'running' }, select: { id: true }, orderBy: { createdAt: 'asc' } });
  for (const run of runs) await advanceRun(deps.db, run.id);
  await inTransaction(deps.db, async (w) => {
    await assignReadyTasks(w, 100);
  });
  await requeueOrphans(deps);
}

/**
 * A `working` task whose attempt has no live session and has not changed for a while lost
 * its execution job (it used up its queue attempts, or was deleted): queue it again. The
 * job is idempotent, so re-queuing one that merely waits behind others costs nothing.
 */
async function requeueOrphans(deps: TickDeps): Promise<void> {
  const cutoff = new Date(Date.now() - deps.config.orphanAfterMs);
  const liveAfter = new Date(Date.now() - deps.config.workerDeadAfterMs);
  const orphans = await deps.db.$queryRaw<Array<{ id: string; attempts: number }>>`
    SELECT t.id, t.attempts FROM tasks t
    WHERE t.status = 'working' AND t.updated_at < ${cutoff}
      AND NOT EXISTS (
        SELECT 1 FROM agent_sessions s JOIN worker_heartbeats h ON h.id = s.worker_id
        WHERE s.task_id = t.id AND s.attempt = t.attempts AND s.status = 'running'
          AND h.stopped_at IS NULL AND h.last_seen_at > ${liveAfter})
    LIMIT 100`;
  if (orphans.length === 0) return;
  await inTransaction(deps.db, async ({ tx }) => {
    for (const orphan of orphans) await enqueue(tx, 'execute_task', { taskId: orphan.id, attempt: orphan.attempts });
  });
  deps.logger.warn({ tasks: orphans.map((orphan) => orphan.id) }, 're-queued attempts whose execution job was lost');
}
