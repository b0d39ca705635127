import type { WatchdogAction } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { changeAgentStatus } from '../agents/change-agent-status';
import { defaultEngineConfig } from '../config';
import { requestHuman } from '../tasks/request-human';
import { scheduleRetry } from '../tasks/schedule-retry';
import { lockRunAndTask, lockSession } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';
import { chooseAction, ESCALATION_OPTIONS, escalationQuestion, feedbackWithFindings, type Finding, type StuckPolicy } from './stuck-policy';

/** The session the watchdog found stuck, as it saw it. */
export interface StuckSession {
  sessionId: string;
  taskId: string;
  agentId: string;
  attempt: number;
  iterationId: string | null;
}

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
 *
 * Locks follow the engine's order (run → task → session → agent), the same as a completion
 * of the same attempt: the two serialise on the run and task rows, and whichever comes
 * second sees the session no longer running and leaves.
 */
export async function stopStuckSession(
  db: Db,
  session: StuckSession,
  findings: Finding[],
  policy: StuckPolicy,
  now: Date,
): Promise<StopResult | null> {
  return inTransaction(db, async (w) => {
    const { tx, emit } = w;
    const locked = await lockRunAndTask(tx, session.taskId);
    const current = await lockSession(tx, session.sessionId);
    if (!locked || current?.status !== 'running') return null;
    const { task } = locked;
    const agent = await tx.agent.findUniqueOrThrow({ where: { id: session.agentId }, select: { name: true } });
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
      from: ['working', 'offline', 'idle'],
      to: 'stuck',
      taskId: task.id,
      reason: stopReason.slice(0, 500),
    });

    let hitlRequestId: string | null = null;
    if (action === 'retry_scheduled') {
      await scheduleRetry(w, task, {
        reason: `watchdog: ${findings[0]?.summary ?? 'stuck'}`.slice(0, 2_000),
        feedback: feedbackWithFindings(task.feedback, session.attempt, findings),
        retryAt: new Date(now.getTime() + policy.retryDelayMs),
      });
      // The retry is the "until then": the agent goes back to work on the next assignment.
      await changeAgentStatus(w, {
        agentId: session.agentId,
        from: 'stuck',
        to: 'idle',
        taskId: task.id,
        reason: 'retry scheduled after a watchdog finding',
        currentTask: 'clear',
      });
    } else if (action === 'escalated') {
      hitlRequestId = await requestHuman(w, task, {
        kind: 'escalation',
        question: escalationQuestion(agent.name, task.title, findings),
        options: ESCALATION_OPTIONS,
        artifactId: null,
        config: defaultEngineConfig,
        withoutTimeout: true,
        timeoutAction: 'escalate',
        // The feedback is in place before the person answers, so "retry" needs nothing more.
        feedback: feedbackWithFindings(task.feedback, session.attempt, findings),
        lastError: findings[0]?.summary ?? null,
        reason: 'escalated by the watchdog',
      });
    }
    return { action, findingIds, hitlRequestId };
  });
}

async function stopSessionAndIteration(
  { tx, emit }: Work,
  session: StuckSession,
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
