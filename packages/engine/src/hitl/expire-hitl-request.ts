import type { JobPayload } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import type { EngineConfig } from '../config';
import { applyFailurePolicy } from '../tasks/apply-failure-policy';
import { lockHitlRequest, lockRunAndTask } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

export interface HitlTimeoutDeps {
  db: Db;
  catalog: TemplateCatalog;
  config: EngineConfig;
}

/**
 * A HITL request's timeout came due. `escalate`: it stays pending (people are told by the
 * hitl.expired event) and will not fire again. `fail`: it expires and its task fails, which
 * the failure policy turns into a paused run or a cancelled branch.
 */
export async function expireHitlRequest(deps: HitlTimeoutDeps, { hitlRequestId }: JobPayload<'hitl_timeout'>): Promise<void> {
  await inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const request = await tx.hitlRequest.findUnique({ where: { id: hitlRequestId }, select: { taskId: true } });
    if (!request) return;
    const locked = request.taskId ? await lockRunAndTask(tx, request.taskId) : null;
    await lockHitlRequest(tx, hitlRequestId);
    const current = await tx.hitlRequest.findUnique({
      where: { id: hitlRequestId },
      select: { status: true, timeoutAt: true, timeoutAction: true, projectId: true },
    });
    if (!current || current.status !== 'pending' || current.timeoutAt === null || current.timeoutAt.getTime() > Date.now()) return;
    const timeoutAction = current.timeoutAction === 'fail' ? 'fail' : 'escalate';
    const scope = { projectId: current.projectId, ...(request.taskId ? { taskId: request.taskId } : {}) };
    if (timeoutAction === 'escalate') {
      await tx.hitlRequest.update({ where: { id: hitlRequestId }, data: { timeoutAt: null, kind: 'escalation' } });
      emit({ type: 'hitl.expired', ...scope, payload: { hitlRequestId, timeoutAction } });
      return;
    }
    await tx.hitlRequest.update({ where: { id: hitlRequestId }, data: { status: 'expired', respondedAt: new Date() } });
    emit({ type: 'hitl.expired', ...scope, severity: 'error', payload: { hitlRequestId, timeoutAction } });
    if (locked && locked.task.status === 'waiting_for_hitl') {
      await applyFailurePolicy(w, deps, locked.task, { reason: 'nobody answered the human review in time', retryable: false });
    }
  });
}
