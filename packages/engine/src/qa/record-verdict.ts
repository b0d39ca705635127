import type { Db } from '@quarterdeck/db';
import { continueRunInTx } from '../runs/continue-run';
import { sendBack } from '../tasks/send-back';
import { lockRunAndTask } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

export interface IterationUnderQa {
  iterationId: string;
  sessionId: string;
  agentId: string;
  taskId: string;
  projectId: string;
}

export interface QaVerdict {
  result: 'passed' | 'failed' | 'skipped';
  findings: string[];
  recommendations: string[];
}

/**
 * Records the QA cycle's verdict on one finished iteration; false when another cycle judged
 * it first (the qa_result guard). A failed verdict sends the task back with the findings as
 * feedback while the task still stands on this result: a task that moved on (a new attempt
 * running, cancelled) keeps its course and the verdict stays on record. When the task's run
 * had already completed, the run (and its project) is reopened, so the rework runs and the
 * run completes again afterwards.
 */
export async function recordQaVerdict(db: Db, auditId: string, iteration: IterationUnderQa, verdict: QaVerdict): Promise<boolean> {
  return inTransaction(db, async (w) => {
    const { tx, emit } = w;
    const locked = verdict.result === 'failed' ? await lockRunAndTask(tx, iteration.taskId) : null;
    const claimed = await tx.iteration.updateMany({
      where: { id: iteration.iterationId, qaResult: 'pending' },
      data: { qaResult: verdict.result },
    });
    if (claimed.count === 0) return false;
    await tx.iterationQaResult.create({
      data: {
        iterationId: iteration.iterationId,
        auditId,
        result: verdict.result,
        findings: verdict.findings,
        recommendations: verdict.recommendations,
        source: 'cycle',
      },
    });
    emit({
      type: 'qa.result',
      sessionId: iteration.sessionId,
      agentId: iteration.agentId,
      taskId: iteration.taskId,
      projectId: iteration.projectId,
      payload: {
        iterationId: iteration.iterationId,
        result: verdict.result,
        source: 'cycle',
        findingCount: verdict.findings.length,
        auditId,
      },
    });
    if (verdict.result !== 'failed' || locked?.task.status !== 'completed') return true;

    const feedback = `QA found problems with the previous attempt:\n${verdict.findings.map((finding) => `- ${finding}`).join('\n')}`.slice(
      0,
      8_000,
    );
    await tx.task.update({ where: { id: iteration.taskId }, data: { lastError: verdict.findings[0] ?? null } });
    if (locked.run) await continueRunInTx(w, locked.run, 'QA sent a task back', ['completed']);
    await sendBack(w, locked.task, feedback, 'sent back by the QA cycle');
    return true;
  });
}
