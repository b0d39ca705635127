import type { Work } from '../unit-of-work/transaction';

export interface SessionScope {
  projectId: string;
  runId?: string;
  taskId: string;
  agentId: string;
  sessionId: string;
  iterationId: string;
  iterationNumber: number;
  startedAt: Date;
}

/** The attempt's session and its current iteration end, with their events. */
export async function endSession(
  w: Work,
  scope: SessionScope,
  status: 'completed' | 'failed',
  stopReason: string | null,
  logLines: string[] = [],
) {
  const { tx, emit } = w;
  const text = logLines.map((line) => `${line}\n`).join('');
  const [iteration] = await tx.$queryRaw<Array<{ toolCallCount: number; errorCount: number }>>`
    UPDATE iterations SET status = ${status}::"IterationStatus", ended_at = now(), log_content = log_content || ${text},
      error_count = error_count + ${status === 'failed' ? 1 : 0}
    WHERE id = ${scope.iterationId}::uuid
    RETURNING tool_call_count AS "toolCallCount", error_count AS "errorCount"`;
  await tx.agentSession.update({ where: { id: scope.sessionId }, data: { status, stopReason, endedAt: new Date() } });
  const iterationCount = await tx.iteration.count({ where: { sessionId: scope.sessionId } });
  const { iterationId, iterationNumber, startedAt, ...eventScope } = scope;
  emit({
    type: 'iteration.completed',
    sessionId: scope.sessionId,
    agentId: scope.agentId,
    payload: {
      iterationId,
      number: iterationNumber,
      status,
      toolCallCount: iteration?.toolCallCount ?? 0,
      errorCount: iteration?.errorCount ?? 0,
      qaResult: 'pending',
    },
  });
  emit({
    type: 'session.ended',
    ...eventScope,
    payload: { status, stopReason, durationMs: Math.max(0, Date.now() - startedAt.getTime()), iterationCount },
  });
}
