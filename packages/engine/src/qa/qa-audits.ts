import type { QaTrigger } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { inTransaction } from '../unit-of-work/transaction';

/** A QA cycle begins: its audit row, and when the previous one began (findings since then count as its stuck detections). */
export async function startQaAudit(
  db: Db,
  trigger: QaTrigger,
  startedAt: Date,
): Promise<{ auditId: string; previousStartedAt: Date | null }> {
  const previous = await db.qaAudit.findFirst({ orderBy: { startedAt: 'desc' }, select: { startedAt: true } });
  const audit = await db.qaAudit.create({ data: { trigger, startedAt }, select: { id: true } });
  return { auditId: audit.id, previousStartedAt: previous?.startedAt ?? null };
}

export interface QaAuditTotals {
  iterationsChecked: number;
  passed: number;
  failed: number;
  skipped: number;
  stuckDetected: number;
  durationMs: number;
}

/** The cycle's totals on its audit row and a qa.audit_completed event, together. */
export async function finishQaAudit(db: Db, auditId: string, trigger: QaTrigger, finishedAt: Date, totals: QaAuditTotals): Promise<void> {
  await inTransaction(db, async ({ tx, emit }) => {
    await tx.qaAudit.update({
      where: { id: auditId },
      data: {
        finishedAt,
        iterationsChecked: totals.iterationsChecked,
        passed: totals.passed,
        failed: totals.failed,
        stuckDetected: totals.stuckDetected,
        summary: { skipped: totals.skipped },
      },
    });
    emit({
      type: 'qa.audit_completed',
      payload: {
        auditId,
        trigger,
        iterationsChecked: totals.iterationsChecked,
        passed: totals.passed,
        failed: totals.failed,
        stuckDetected: totals.stuckDetected,
        durationMs: totals.durationMs,
      },
    });
  });
}
