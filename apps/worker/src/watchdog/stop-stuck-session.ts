import type { WatchdogAction } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { changeAgentStatus } from './agent-status';
import { enqueue } from '../engine/queue';
import type { Finding } from './finding';
import { chooseAction, ESCALATION_OPTIONS, escalationQuestion, feedbackWithFindings, type StuckPolicy } from './policy';
import type { RunningSession } from './running-sessions';
import { inTransaction, type Work } from '../engine/tx';

export interface StopResult {
  action: WatchdogAction;
  findingIds: string[];
  hitlRequestId: string | null;
}

/**
 * A session was found stuck: in one transaction the findings are recorded (rows + events),
 * the session is stopped (its executor sees the status change and aborts), the iteration
 * fails, the agent is shown stuck, and the task is retried with the findings as feedback or
 * handed to a person. Returns null when the session had already ended: nothing is stopped
 * twice and nothing is stopped without a finding.
 */
export async function stopStuckSession(
  db: Db,
  session: RunningSession,
  findings: Finding[],
  policy: StuckPolicy,
  now: Date,
): Promise<StopResult | null> {
  return inTransaction(db, async (w) => {
    const { tx, emit } = w;
    const [current] = await tx.$queryRaw<Array<{ status: string; startedAt: Date }>>`
      SELECT status::text AS status, started_at AS "startedAt" FROM agent_sessions WHERE id = ${session.sessionId}::uuid FOR UPDATE`;
    if (current?.status !== 'running') return null;
    const task = await tx.task.findUniqueOrThrow({
      where: { id: session.taskId },
      select: { id: true, title: true, status: true, attempts: true, maxAttempts: true, feedback: true, projectId: true, runId: true },
    });
    const agent = await tx.agent.findUniqueOrThrow({ where: { id: session.agentId }, select: { name: true, status: true } });
    // The engine may have moved the task on (cancelled, re-assigned); then only the session stops.
    const ownsTask = task.status === 'working' && task.attempts === session.attempt;
    const action: WatchdogAction = ownsTask ? chooseAction(findings, task, policy) : 'failed';
    const scope = { projectId: task.projectId, taskId: task.id, ...(task.runId ? { runId: task.runId } : {}) };

    const findingIds: string[] = [];
    for (const finding of findings) {
      const row = await tx.watchdogFinding.create({
        data: { sessionId: session.sessionId, iterationId: session.iterationId, rule: finding.rule, evidence: finding.evidence, action },
        select: { id: true },
      });
      findingIds.push(row.id);
      emit({
        type: 'watchdog.finding',
        ...scope,
        agentId: session.agentId,
        sessionId: session.sessionId,
        payload: {
          findingId: row.id,
          iterationId: session.iterationId,
          rule: finding.rule,
          evidence: finding.evidence.slice(0, 100),
          action,
        },
      });
    }

    const stopReason = `watchdog: ${findings.map((finding) => `${finding.rule}: ${finding.summary}`).join(' ')}`.slice(0, 2_000);
    await stopSessionAndIteration(w, session, stopReason, now, current.startedAt, scope);
    await changeAgentStatus(w, {
      agentId: session.agentId,
      from: agent.status,
      to: 'stuck',
      taskId: task.id,
      reason: stopReason.slice(0, 500),
    });

    let hitlRequestId: string | null = null;
    if (action === 'retry_scheduled') {
      await scheduleRetry(w, task, session, findings, policy, now);
      // The retry is the "until then": the agent goes back to work on the next assignment.
      await changeAgentStatus(w, {
        agentId: session.agentId,
        from: 'stuck',
        to: 'idle',
        taskId: task.id,
        reason: 'retry scheduled after a watchdog finding',
        clearTask: true,
      });
    } else if (action === 'escalated') {
      hitlRequestId = await escalate(w, task, session, agent.name, findings);
    }
    return { action, findingIds, hitlRequestId };
  });
}

async function stopSessionAndIteration(
  { tx, emit }: Work,
  session: RunningSession,
  stopReason: string,
  now: Date,
  startedAt: Date,
  scope: { projectId: string; taskId: string; runId?: string },
): Promise<void> {
  await tx.agentSession.update({ where: { id: session.sessionId }, data: { status: 'stuck', stopReason, endedAt: now } });
  if (session.iterationId !== null) {
    const [iteration] = await tx.$queryRaw<Array<{ number: number; toolCallCount: number; errorCount: number }>>`
      UPDATE iterations SET status = 'failed', ended_at = ${now}, qa_result = 'skipped',
        log_content = log_content || ${`[watchdog] ${stopReason}\n`}
      WHERE id = ${session.iterationId}::uuid
      RETURNING number, tool_call_count AS "toolCallCount", error_count AS "errorCount"`;
    if (iteration) {
      emit({
        type: 'iteration.completed',
        sessionId: session.sessionId,
        agentId: session.agentId,
        payload: {
          iterationId: session.iterationId,
          number: iteration.number,
          status: 'failed',
          toolCallCount: iteration.toolCallCount,
          errorCount: iteration.errorCount,
          qaResult: 'skipped',
        },
      });
    }
  }
  const iterationCount = await tx.iteration.count({ where: { sessionId: session.sessionId } });
  emit({
    type: 'session.ended',
    ...scope,
    agentId: session.agentId,
    sessionId: session.sessionId,
    payload: { status: 'stuck', stopReason, durationMs: Math.max(0, now.getTime() - startedAt.getTime()), iterationCount },
  });
}

interface TaskRow {
  id: string;
  title: string;
  status: 'pending' | 'ready' | 'working' | 'waiting_for_hitl' | 'completed' | 'failed' | 'cancelled';
  attempts: number;
  feedback: string | null;
  projectId: string;
  runId: string | null;
}

async function scheduleRetry(
  { tx, emit }: Work,
  task: TaskRow,
  session: RunningSession,
  findings: Finding[],
  policy: StuckPolicy,
  now: Date,
): Promise<void> {
  const feedback = feedbackWithFindings(task.feedback, session.attempt, findings);
  const reason = `watchdog: ${findings[0]?.summary ?? 'stuck'}`.slice(0, 2_000);
  const retryAt = new Date(now.getTime() + policy.retryDelayMs);
  await tx.task.update({ where: { id: task.id }, data: { status: 'ready', feedback, lastError: reason, retryAt } });
  const scope = { projectId: task.projectId, taskId: task.id, ...(task.runId ? { runId: task.runId } : {}) };
  emit({ type: 'task.status_changed', ...scope, payload: { from: task.status, to: 'ready', attempt: task.attempts, reason } });
  emit({ type: 'task.retry_scheduled', ...scope, payload: { nextAttempt: task.attempts + 1, retryAt: retryAt.toISOString(), reason } });
  // Wake the orchestrator when the retry may start, so it assigns the task without waiting for its cron.
  await enqueue(
    tx,
    'orchestrator_tick',
    { reason: 'watchdog retry', ...(task.runId ? { runId: task.runId } : {}) },
    { runAt: retryAt, withoutKey: true },
  );
}

async function escalate(
  { tx, emit }: Work,
  task: TaskRow,
  session: RunningSession,
  agentName: string,
  findings: Finding[],
): Promise<string> {
  const question = escalationQuestion(agentName, task.title, findings);
  // The feedback is in place before the person answers, so "retry" needs nothing more.
  const feedback = feedbackWithFindings(task.feedback, session.attempt, findings);
  await tx.task.update({ where: { id: task.id }, data: { status: 'waiting_for_hitl', feedback, lastError: findings[0]?.summary ?? null } });
  const request = await tx.hitlRequest.create({
    data: {
      projectId: task.projectId,
      runId: task.runId,
      taskId: task.id,
      kind: 'escalation',
      question,
      options: ESCALATION_OPTIONS,
      timeoutAction: 'escalate',
    },
    select: { id: true },
  });
  const scope = { projectId: task.projectId, taskId: task.id, ...(task.runId ? { runId: task.runId } : {}) };
  emit({
    type: 'task.status_changed',
    ...scope,
    payload: { from: task.status, to: 'waiting_for_hitl', attempt: task.attempts, reason: 'escalated by the watchdog' },
  });
  emit({
    type: 'hitl.requested',
    ...scope,
    payload: { hitlRequestId: request.id, kind: 'escalation', question, options: ESCALATION_OPTIONS, artifactId: null, timeoutAt: null },
  });
  return request.id;
}
