import type { JobPayload } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { advanceRun, assignReadyWork, requeueOrphanedAttempts, type EngineConfig } from '@quarterdeck/engine';
import type { Logger } from 'pino';
import { releaseDeadWorkers } from '../liveness/worker-liveness';

export interface TickDeps {
  db: Db;
  logger: Logger;
  config: EngineConfig;
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
  await assignReadyWork(deps.db, 100);
  const requeued = await requeueOrphanedAttempts(deps.db, deps.config);
  if (requeued.length > 0) deps.logger.warn({ tasks: requeued }, 're-queued attempts whose execution job was lost');
}
