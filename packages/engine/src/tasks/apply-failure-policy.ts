import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { EngineConfig } from '../config';
import { refreshRun } from '../runs/refresh-run';
import { taskScope } from '../scope';
import type { LockedTask } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';
import { cancelDependants } from './cancel-dependants';
import { scheduleRetry } from './schedule-retry';

export interface FailurePolicyDeps {
  catalog: TemplateCatalog;
  config: Pick<EngineConfig, 'retryBackoffScale'>;
}

function retryPolicyOf(catalog: TemplateCatalog, workflowId: string | null, stepId: string | null) {
  const step = workflowId && stepId ? catalog.getWorkflow(workflowId)?.steps.find((candidate) => candidate.id === stepId) : undefined;
  return step?.retry ?? { maxAttempts: 3, backoffSeconds: 30 };
}

/** Attempts a step grants (for fresh attempts after a resume). */
export function stepMaxAttempts(catalog: TemplateCatalog, workflowId: string | null, stepId: string | null): number {
  return retryPolicyOf(catalog, workflowId, stepId).maxAttempts;
}

/**
 * An attempt failed. Retryable with attempts left → back to ready after an exponential
 * backoff (the reason becomes the next prompt's feedback). Otherwise the task fails: on the
 * critical path that pauses the run with the reason; off it, the tasks that depended on it
 * are cancelled and every other branch goes on.
 */
export async function applyFailurePolicy(
  w: Work,
  deps: FailurePolicyDeps,
  task: LockedTask,
  failure: { reason: string; retryable: boolean },
): Promise<'retry' | 'failed'> {
  const { tx, emit } = w;
  const workflowId = task.runId
    ? ((await tx.workflowRun.findUnique({ where: { id: task.runId }, select: { workflowId: true } }))?.workflowId ?? null)
    : null;
  if (failure.retryable && task.attempts < task.maxAttempts) {
    const { backoffSeconds } = retryPolicyOf(deps.catalog, workflowId, task.stepId);
    const delayMs = backoffSeconds * 1_000 * 2 ** Math.max(0, task.attempts - 1) * deps.config.retryBackoffScale;
    await scheduleRetry(w, task, { reason: failure.reason, retryAt: new Date(Date.now() + delayMs) });
    return 'retry';
  }

  await tx.$executeRaw`
    UPDATE tasks SET status = 'failed', last_error = ${failure.reason}, retry_at = NULL, completed_at = now(), updated_at = now()
    WHERE id = ${task.id}::uuid`;
  emit({
    type: 'task.status_changed',
    ...taskScope(task),
    payload: { from: task.status, to: 'failed', attempt: task.attempts, reason: failure.reason },
  });
  if (task.runId === null) return 'failed';

  const wave = task.waveId ? await tx.wave.findUnique({ where: { id: task.waveId }, select: { number: true } }) : null;
  const runScope = { projectId: task.projectId, runId: task.runId };
  emit({
    type: 'wave.failed',
    ...runScope,
    payload: { waveNumber: wave?.number ?? 0, failedTaskIds: [task.id], blocking: task.onCriticalPath },
  });
  if (task.onCriticalPath) {
    const reason = `Task "${task.title}" failed after ${task.attempts} attempt(s): ${failure.reason}`.slice(0, 4_000);
    const paused = await tx.workflowRun.updateMany({
      where: { id: task.runId, status: 'running' },
      data: { status: 'paused', statusReason: reason },
    });
    if (paused.count > 0) emit({ type: 'run.paused', ...runScope, payload: { reason } });
  } else {
    await cancelDependants(w, task, `depends on "${task.title}", which failed`);
  }
  await refreshRun(w, task.runId);
  return 'failed';
}
