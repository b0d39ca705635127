import type { JobPayload } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';
import { finishQaAudit, recordQaVerdict, startQaAudit } from '@quarterdeck/engine';
import type { VerificationSettings } from './run-verification';
import { validateIteration } from './validate-iteration';

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
  const audit = await startQaAudit(deps.db, payload.trigger, new Date(started));
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
    const recorded = await recordQaVerdict(deps.db, audit.auditId, candidate, verdict);
    if (recorded) counts[verdict.result] += 1;
  }

  // Stuck detection runs in the watchdog tick; the audit counts what it found since the last audit.
  const stuckDetected = await deps.db.watchdogFinding.count({
    where: audit.previousStartedAt ? { createdAt: { gte: audit.previousStartedAt } } : {},
  });
  const iterationsChecked = counts.passed + counts.failed + counts.skipped;
  await finishQaAudit(deps.db, audit.auditId, payload.trigger, new Date(deps.now()), {
    iterationsChecked,
    ...counts,
    stuckDetected,
    durationMs: Math.max(0, Math.round(deps.now() - started)),
  });
  deps.logger.info({ auditId: audit.auditId, ...counts, stuckDetected }, 'QA cycle finished');
  return { auditId: audit.auditId, iterationsChecked, ...counts, stuckDetected };
}
