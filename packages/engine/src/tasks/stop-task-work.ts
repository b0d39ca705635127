import { freeAgent } from '../agents/change-agent-status';
import { taskScope } from '../scope';
import { lockSession, type LockedTask } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';

/**
 * Whatever is under way for a task stops, in the engine's lock order (the caller holds the
 * run and the task): its running session is terminated (the worker executing it sees that
 * within a poll and aborts), its agent is freed, and its pending HITL requests expire.
 */
export async function stopTaskWork(w: Work, task: LockedTask, reason: string): Promise<void> {
  const { tx, emit } = w;
  const scope = taskScope(task);
  const sessions = await tx.agentSession.findMany({
    where: { taskId: task.id, status: 'running' },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  for (const { id } of sessions) {
    const session = await lockSession(tx, id);
    if (session?.status !== 'running') continue;
    await tx.agentSession.update({ where: { id }, data: { status: 'terminated', stopReason: reason, endedAt: new Date() } });
    await tx.$executeRaw`
      UPDATE iterations SET status = 'failed', ended_at = now(), log_content = log_content || ${`[orchestrator] ${reason}\n`}
      WHERE session_id = ${id}::uuid AND status = 'running'`;
    const iterationCount = await tx.iteration.count({ where: { sessionId: id } });
    emit({
      type: 'session.ended',
      ...scope,
      agentId: session.agentId,
      sessionId: id,
      payload: {
        status: 'terminated',
        stopReason: reason,
        durationMs: Math.max(0, Date.now() - session.startedAt.getTime()),
        iterationCount,
      },
    });
  }
  if (task.assignedAgentId !== null) await freeAgent(w, task.assignedAgentId, task.id, reason);
  const expired = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE hitl_requests SET status = 'expired', response_content = ${reason}, responded_at = now(), updated_at = now()
    WHERE task_id = ${task.id}::uuid AND status = 'pending'
    RETURNING id`;
  for (const request of expired) emit({ type: 'hitl.expired', ...scope, payload: { hitlRequestId: request.id, timeoutAction: 'fail' } });
}

/** Tasks downstream of this one that were cancelled because it failed or was cancelled get another chance: pending again. */
export async function restoreDependants(
  { tx, emit }: Work,
  task: { id: string; projectId: string; runId: string | null },
  reason: string,
): Promise<number> {
  const restored = await tx.$queryRaw<Array<{ id: string; attempts: number }>>`
    WITH RECURSIVE downstream(id) AS (
      SELECT task_id FROM task_dependencies WHERE depends_on_task_id = ${task.id}::uuid
      UNION
      SELECT d.task_id FROM task_dependencies d JOIN downstream s ON d.depends_on_task_id = s.id)
    UPDATE tasks t SET status = 'pending', retry_at = NULL, completed_at = NULL, updated_at = now()
    FROM downstream s
    WHERE t.id = s.id AND t.status = 'cancelled'
    RETURNING t.id, t.attempts`;
  for (const row of restored) {
    emit({
      type: 'task.status_changed',
      projectId: task.projectId,
      taskId: row.id,
      ...(task.runId ? { runId: task.runId } : {}),
      payload: { from: 'cancelled', to: 'pending', attempt: row.attempts, reason },
    });
  }
  return restored.length;
}
