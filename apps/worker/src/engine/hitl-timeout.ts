import type { JobPayload } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import type { EngineConfig } from './config';
import { applyFailurePolicy } from './outcomes';
import { lockRunAndTask } from './rows';
import { inTransaction } from './tx';

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
export async function hitlTimeout(deps: HitlTimeoutDeps, { hitlRequestId }: JobPayload<'hitl_timeout'>): Promise<void> {
  await inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const request = await tx.hitlRequest.findUnique({ where: { id: hitlRequestId }, select: { taskId: true } });
    if (!request) return;
    const locked = request.taskId ? await lockRunAndTask(tx, request.taskId) : null;
    const [current] = await tx.$queryRaw<Array<{ status: string; timeoutAt: Date | null; timeoutAction: string; projectId: string }>>`
      SELECT status::text AS status, timeout_at AS "timeoutAt", timeout_action AS "timeoutAction", project_id AS "projectId"
      FROM hitl_requests WHERE id = ${hitlRequestId}::uuid FOR NO KEY UPDATE`;
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
