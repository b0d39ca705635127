import { TaskStatus } from '@quarterdeck/contracts';
import { changeAgentStatus } from '../agents/change-agent-status';
import { isFinishedRunStatus } from '../statuses';
import { assignReadyTasks } from '../tasks/assign-ready-tasks';
import type { LockedRun } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';

/**
 * Stops a run for good (cancelled, or force-completed by an admin): unfinished tasks are
 * cancelled, running sessions terminated (their workers notice within a poll and abort),
 * their agents freed through the one status transition, pending HITL requests expire.
 * Locks follow the engine's order: the run (held by the caller), its tasks, sessions,
 * agents, HITL requests.
 */
export async function stopRunInTx(w: Work, run: LockedRun, outcome: { to: 'cancelled' | 'completed'; reason: string }): Promise<void> {
  const { tx, emit } = w;
  if (isFinishedRunStatus(run.status)) return;
  const scope = { projectId: run.projectId, runId: run.id };
  const cancelled = await tx.$queryRaw<Array<{ id: string; from: string; attempts: number; agentId: string | null }>>`
    UPDATE tasks t SET status = 'cancelled', retry_at = NULL, updated_at = now()
    FROM tasks old
    WHERE old.id = t.id AND t.run_id = ${run.id}::uuid AND t.status NOT IN ('completed', 'failed', 'cancelled')
    RETURNING t.id, old.status::text AS "from", t.attempts, t.assigned_agent_id AS "agentId"`;
  for (const task of cancelled) {
    emit({
      type: 'task.status_changed',
      ...scope,
      taskId: task.id,
      payload: { from: TaskStatus.parse(task.from), to: 'cancelled', attempt: task.attempts, reason: outcome.reason },
    });
  }
  const sessions = await tx.agentSession.findMany({
    where: { runId: run.id, status: 'running' },
    select: { id: true, taskId: true, agentId: true, startedAt: true, _count: { select: { iterations: true } } },
    orderBy: { id: 'asc' },
  });
  for (const session of sessions) {
    await tx.agentSession.update({
      where: { id: session.id },
      data: { status: 'terminated', stopReason: outcome.reason, endedAt: new Date() },
    });
    await tx.iteration.updateMany({ where: { sessionId: session.id, status: 'running' }, data: { status: 'failed', endedAt: new Date() } });
    emit({
      type: 'session.ended',
      ...scope,
      taskId: session.taskId,
      agentId: session.agentId,
      sessionId: session.id,
      payload: {
        status: 'terminated',
        stopReason: outcome.reason,
        durationMs: Date.now() - session.startedAt.getTime(),
        iterationCount: session._count.iterations,
      },
    });
  }
  const busy = await tx.$queryRaw<Array<{ id: string; taskId: string }>>`
    SELECT a.id, a.current_task_id AS "taskId" FROM agents a JOIN tasks t ON t.id = a.current_task_id
    WHERE t.run_id = ${run.id}::uuid ORDER BY a.id`;
  for (const agent of busy) {
    await changeAgentStatus(w, {
      agentId: agent.id,
      from: ['working', 'stuck', 'offline'],
      to: 'idle',
      taskId: agent.taskId,
      reason: outcome.reason,
      onlyIfCurrentTask: agent.taskId,
      currentTask: 'clear',
    });
  }
  const expired = await tx.$queryRaw<Array<{ id: string; taskId: string | null }>>`
    UPDATE hitl_requests SET status = 'expired', response_content = ${outcome.reason}, responded_at = now(), updated_at = now()
    WHERE run_id = ${run.id}::uuid AND status = 'pending'
    RETURNING id, task_id AS "taskId"`;
  for (const request of expired) {
    emit({
      type: 'hitl.expired',
      ...scope,
      ...(request.taskId ? { taskId: request.taskId } : {}),
      payload: { hitlRequestId: request.id, timeoutAction: 'fail' },
    });
  }
  await tx.workflowRun.update({
    where: { id: run.id },
    data: { status: outcome.to, statusReason: outcome.reason, completedAt: new Date() },
  });
  if (outcome.to === 'cancelled') {
    emit({ type: 'run.cancelled', ...scope, payload: { reason: outcome.reason } });
  } else {
    const counts = await tx.task.groupBy({ by: ['status'], where: { runId: run.id }, _count: true });
    const countOf = (status: string) => counts.find((row) => row.status === status)?._count ?? 0;
    emit({
      type: 'run.completed',
      ...scope,
      payload: {
        durationMs: run.startedAt ? Date.now() - run.startedAt.getTime() : 0,
        completedTasks: countOf('completed'),
        failedTasks: countOf('failed'),
      },
    });
  }
  // The freed agents can serve other projects' ready tasks right away.
  await assignReadyTasks(w);
}
