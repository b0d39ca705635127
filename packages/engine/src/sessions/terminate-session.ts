import { AppError } from '@quarterdeck/contracts';
import type { AgentSession } from '@quarterdeck/db';
import { freeAgent } from '../agents/change-agent-status';
import { domainFailureConfig, type Actor, type DomainDeps } from '../deps';
import { applyFailurePolicy } from '../tasks/apply-failure-policy';
import { assignReadyTasks } from '../tasks/assign-ready-tasks';
import { lockRunAndTask, lockSession } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

export interface TerminateOptions {
  /**
   * Retry the task (with the reason as feedback) instead of failing it. The watchdog uses
   * this for a stuck agent; a person's "stop" fails the attempt for good.
   */
  retry?: boolean;
}

/**
 * Ends a running session. The row changes here; the worker executing it sees the change at
 * its next poll (well under a second) and aborts the executor. The attempt fails, and the
 * failure policy decides what the task does next.
 */
export async function terminateSession(
  deps: DomainDeps,
  sessionId: string,
  actor: Actor,
  reason: string,
  options: TerminateOptions = {},
): Promise<AgentSession> {
  return inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const found = await tx.agentSession.findUnique({ where: { id: sessionId }, select: { taskId: true } });
    if (!found) throw new AppError('NOT_FOUND', 'There is no such session', { field: 'sessionId' });
    const locked = await lockRunAndTask(tx, found.taskId);
    await lockSession(tx, sessionId);
    const session = await tx.agentSession.findUniqueOrThrow({
      where: { id: sessionId },
      include: { _count: { select: { iterations: true } } },
    });
    if (session.status !== 'running') throw new AppError('CONFLICT', `The session is already ${session.status}`, { field: 'sessionId' });
    const stopReason = `${actor.userId ? 'terminated by a person' : 'terminated'}: ${reason}`;
    const ended = await tx.agentSession.update({
      where: { id: sessionId },
      data: { status: 'terminated', stopReason, endedAt: new Date() },
    });
    await tx.$executeRaw`
      UPDATE iterations SET status = 'failed', ended_at = now(), log_content = log_content || ${`[orchestrator] ${stopReason}\n`}
      WHERE session_id = ${sessionId}::uuid AND status = 'running'`;
    const task = locked?.task;
    const scope = {
      projectId: task?.projectId ?? '',
      taskId: session.taskId,
      agentId: session.agentId,
      sessionId,
      ...(session.runId ? { runId: session.runId } : {}),
    };
    if (task) {
      emit({
        type: 'session.ended',
        ...scope,
        payload: {
          status: 'terminated',
          stopReason,
          durationMs: Date.now() - session.startedAt.getTime(),
          iterationCount: session._count.iterations,
        },
      });
    }
    await freeAgent(w, session.agentId, session.taskId, stopReason);
    if (task && task.status === 'working' && task.attempts === session.attempt) {
      await applyFailurePolicy(w, { catalog: deps.catalog, config: domainFailureConfig }, task, {
        reason: stopReason,
        retryable: options.retry ?? false,
      });
    }
    await assignReadyTasks(w);
    return ended;
  });
}
