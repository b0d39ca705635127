import type { JobPayload } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';
import { enqueue } from '../engine/queue';
import { inTransaction } from '../engine/tx';
import type { VerificationSettings } from './run-verification';
import { validateIteration, type QaVerdict } from './validate-iteration';

export interface QaCycleDeps {
  db: Db;
  logger: Logger;
  stepOf: (workflowId: string | null, stepId: string | null) => { verificationCommand?: string | undefined } | null;
  verification: VerificationSettings;
  now: () => number;
}

export interface QaCycleReport {
  auditId: string;
  iterationsChecked: number;
  passed: number;
  failed: number;
  skipped: number;
  stuckDetected: number;
}

/** Iterations validated per cycle at most; the rest wait for the next cycle. */
const BATCH = 100;

interface Candidate {
  iterationId: string;
  sessionId: string;
  agentId: string;
  taskId: string;
  projectId: string;
  runId: string | null;
  workflowId: string | null;
  stepId: string | null;
  produces: string[];
  taskStatus: string;
}

/**
 * One QA cycle: every finished (completed, QA pending) iteration is validated, its verdict
 * recorded (IterationQaResult + qa_result + event), failures are sent back to their task with
 * the findings as feedback, and the whole pass is one QaAudit row and a qa.audit_completed
 * event. Each iteration is claimed with a qa_result guard, so two cycles never judge it twice.
 */
export async function runQaCycle(deps: QaCycleDeps, payload: JobPayload<'qa_cycle'>): Promise<QaCycleReport> {
  const started = deps.now();
  const previous = await deps.db.qaAudit.findFirst({ orderBy: { startedAt: 'desc' }, select: { startedAt: true } });
  const audit = await deps.db.qaAudit.create({ data: { trigger: payload.trigger, startedAt: new Date(started) }, select: { id: true } });
  const candidates = await deps.db.$queryRaw<Candidate[]>`
    SELECT i.id AS "iterationId", s.id AS "sessionId", s.agent_id AS "agentId", t.id AS "taskId", t.project_id AS "projectId",
           t.run_id AS "runId", r.workflow_id AS "workflowId", t.step_id AS "stepId", t.produces, t.status::text AS "taskStatus"
    FROM iterations i
    JOIN agent_sessions s ON s.id = i.session_id
    JOIN tasks t ON t.id = s.task_id
    LEFT JOIN workflow_runs r ON r.id = t.run_id
    WHERE i.status = 'completed' AND i.qa_result = 'pending' AND s.status = 'completed'
      AND (${payload.iterationId ?? null}::uuid IS NULL OR i.id = ${payload.iterationId ?? null}::uuid)
    ORDER BY i.ended_at NULLS LAST, i.id
    LIMIT ${BATCH}`;

  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const candidate of candidates) {
    const artifacts = await deps.db.contextArtifact.findMany({
      where: { sessionId: candidate.sessionId },
      select: { handoffType: true, artifactType: true, name: true, content: true },
    });
    const verdict = await validateIteration(
      {
        produces: candidate.produces,
        artifacts,
        taskCompleted: candidate.taskStatus === 'completed',
        verificationCommand: deps.stepOf(candidate.workflowId, candidate.stepId)?.verificationCommand ?? null,
      },
      deps.verification,
    );
    const recorded = await recordVerdict(deps.db, audit.id, candidate, verdict);
    if (recorded) counts[verdict.result] += 1;
  }

  // Stuck detection runs in the watchdog tick; the audit counts what it found since the last audit.
  const stuckDetected = await deps.db.watchdogFinding.count({ where: previous ? { createdAt: { gte: previous.startedAt } } : {} });
  const iterationsChecked = counts.passed + counts.failed + counts.skipped;
  await inTransaction(deps.db, async ({ tx, emit }) => {
    await tx.qaAudit.update({
      where: { id: audit.id },
      data: {
        finishedAt: new Date(deps.now()),
        iterationsChecked,
        passed: counts.passed,
        failed: counts.failed,
        stuckDetected,
        summary: { skipped: counts.skipped },
      },
    });
    emit({
      type: 'qa.audit_completed',
      payload: {
        auditId: audit.id,
        trigger: payload.trigger,
        iterationsChecked,
        passed: counts.passed,
        failed: counts.failed,
        stuckDetected,
        durationMs: Math.max(0, Math.round(deps.now() - started)),
      },
    });
  });
  deps.logger.info({ auditId: audit.id, ...counts, stuckDetected }, 'QA cycle finished');
  return { auditId: audit.id, iterationsChecked, ...counts, stuckDetected };
}

/** Records one verdict; false when another cycle judged the iteration first. */
async function recordVerdict(db: Db, auditId: string, candidate: Candidate, verdict: QaVerdict): Promise<boolean> {
  return inTransaction(db, async ({ tx, emit }) => {
    const claimed = await tx.iteration.updateMany({
      where: { id: candidate.iterationId, qaResult: 'pending' },
      data: { qaResult: verdict.result },
    });
    if (claimed.count === 0) return false;
    await tx.iterationQaResult.create({
      data: {
        iterationId: candidate.iterationId,
        auditId,
        result: verdict.result,
        findings: verdict.findings,
        recommendations: verdict.recommendations,
        source: 'cycle',
      },
    });
    emit({
      type: 'qa.result',
      sessionId: candidate.sessionId,
      agentId: candidate.agentId,
      taskId: candidate.taskId,
      projectId: candidate.projectId,
      payload: {
        iterationId: candidate.iterationId,
        result: verdict.result,
        source: 'cycle',
        findingCount: verdict.findings.length,
        auditId,
      },
    });
    if (verdict.result !== 'failed') return true;

    // Sent back only while the task still stands on this result; a task that moved on (a new
    // attempt running, cancelled) keeps its course and the verdict stays on record.
    const feedback = `QA found problems with the previous attempt:\n${verdict.findings.map((finding) => `- ${finding}`).join('\n')}`.slice(
      0,
      8_000,
    );
    const sentBack = await tx.task.updateMany({
      where: { id: candidate.taskId, status: 'completed' },
      // Rework QA asks for does not use up the retries kept for failures (as with a reviewer's rejection).
      data: {
        status: 'ready',
        feedback,
        lastError: verdict.findings[0] ?? null,
        completedAt: null,
        retryAt: null,
        maxAttempts: { increment: 1 },
      },
    });
    if (sentBack.count > 0) {
      const task = await tx.task.findUniqueOrThrow({ where: { id: candidate.taskId }, select: { attempts: true } });
      const scope = { projectId: candidate.projectId, taskId: candidate.taskId, ...(candidate.runId ? { runId: candidate.runId } : {}) };
      emit({
        type: 'task.status_changed',
        ...scope,
        payload: { from: 'completed', to: 'ready', attempt: task.attempts, reason: 'sent back by the QA cycle' },
      });
      await enqueue(
        tx,
        'orchestrator_tick',
        { reason: 'qa sent a task back', ...(candidate.runId ? { runId: candidate.runId } : {}) },
        { withoutKey: true },
      );
    }
    return true;
  });
}
