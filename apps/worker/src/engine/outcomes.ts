import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { HitlKind } from '@quarterdeck/db';
import type { EngineConfig } from './config';
import { refreshRun } from './progress';
import { enqueue } from './queue';
import type { LockedTask } from './rows';
import { assignReadyTasks, promoteReadyTasks } from './scheduling';
import type { Work } from './tx';

// What happens to a task when an attempt ends: it completes (and its dependants start at
// once), it waits for a person, or the failure policy decides between a retry with backoff,
// pausing the run (critical path) or letting the other branches go on.

function scopeOf(task: Pick<LockedTask, 'id' | 'projectId' | 'runId'>) {
  return { projectId: task.projectId, taskId: task.id, ...(task.runId ? { runId: task.runId } : {}) };
}

/** Moves the run (or, for a run-less task, the shared queue) forward after a change. */
export async function advance(w: Work, runId: string | null): Promise<void> {
  if (runId !== null) await promoteReadyTasks(w, runId);
  await assignReadyTasks(w);
  if (runId !== null) await refreshRun(w, runId);
}

export async function completeTask(w: Work, task: LockedTask, reason?: string): Promise<void> {
  await w.tx.$executeRaw`
    UPDATE tasks SET status = 'completed', completed_at = now(), retry_at = NULL, feedback = NULL, updated_at = now()
    WHERE id = ${task.id}::uuid`;
  w.emit({
    type: 'task.status_changed',
    ...scopeOf(task),
    payload: { from: task.status, to: 'completed', attempt: task.attempts, ...(reason ? { reason } : {}) },
  });
  await advance(w, task.runId);
}

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
    const retryAt = new Date(Date.now() + delayMs);
    await tx.$executeRaw`
      UPDATE tasks SET status = 'ready', retry_at = ${retryAt}, last_error = ${failure.reason},
        feedback = ${failure.reason}, updated_at = now()
      WHERE id = ${task.id}::uuid`;
    emit({
      type: 'task.status_changed',
      ...scopeOf(task),
      payload: { from: task.status, to: 'ready', attempt: task.attempts, reason: failure.reason },
    });
    emit({
      type: 'task.retry_scheduled',
      ...scopeOf(task),
      payload: { nextAttempt: task.attempts + 1, retryAt: retryAt.toISOString(), reason: failure.reason },
    });
    // Keyless: the run's own tick key must keep its earlier run_at.
    await enqueue(
      tx,
      'orchestrator_tick',
      { reason: 'retry', ...(task.runId ? { runId: task.runId } : {}) },
      { runAt: retryAt, withoutKey: true },
    );
    return 'retry';
  }

  await tx.$executeRaw`
    UPDATE tasks SET status = 'failed', last_error = ${failure.reason}, retry_at = NULL, completed_at = now(), updated_at = now()
    WHERE id = ${task.id}::uuid`;
  emit({
    type: 'task.status_changed',
    ...scopeOf(task),
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
    await cancelDependants(w, task);
  }
  await refreshRun(w, task.runId);
  return 'failed';
}

/** Everything downstream of a failed task can never run: it is cancelled with the reason. */
async function cancelDependants({ tx, emit }: Work, task: LockedTask): Promise<void> {
  const reason = `depends on "${task.title}", which failed`;
  const cancelled = await tx.$queryRaw<Array<{ id: string; attempts: number; from: string }>>`
    WITH RECURSIVE downstream(id) AS (
      SELECT task_id FROM task_dependencies WHERE depends_on_task_id = ${task.id}::uuid
      UNION
      SELECT d.task_id FROM task_dependencies d JOIN downstream s ON d.depends_on_task_id = s.id)
    UPDATE tasks t SET status = 'cancelled', last_error = ${reason}, updated_at = now()
    FROM downstream s, tasks old
    WHERE t.id = s.id AND old.id = t.id AND t.status IN ('pending', 'ready')
    RETURNING t.id, t.attempts, old.status::text AS "from"`;
  for (const row of cancelled) {
    emit({
      type: 'task.status_changed',
      projectId: task.projectId,
      taskId: row.id,
      ...(task.runId ? { runId: task.runId } : {}),
      payload: { from: row.from === 'ready' ? 'ready' : 'pending', to: 'cancelled', attempt: row.attempts, reason },
    });
  }
}

export interface HitlSettings {
  kind: HitlKind;
  question: string;
  options: string[];
  artifactId: string | null;
  config: Pick<EngineConfig, 'hitlTimeoutMs' | 'hitlTimeoutAction'>;
}

/** The task waits for a person; the request is a row, so it survives any restart. */
export async function requestHuman(w: Work, task: LockedTask, settings: HitlSettings): Promise<string> {
  const { tx, emit } = w;
  const timeoutAt = settings.config.hitlTimeoutMs === null ? null : new Date(Date.now() + settings.config.hitlTimeoutMs);
  const request = await tx.hitlRequest.create({
    data: {
      projectId: task.projectId,
      runId: task.runId,
      taskId: task.id,
      artifactId: settings.artifactId,
      kind: settings.kind,
      question: settings.question,
      options: settings.options,
      timeoutAt,
      timeoutAction: settings.config.hitlTimeoutAction,
    },
    select: { id: true },
  });
  await tx.$executeRaw`UPDATE tasks SET status = 'waiting_for_hitl', updated_at = now() WHERE id = ${task.id}::uuid`;
  emit({ type: 'task.status_changed', ...scopeOf(task), payload: { from: task.status, to: 'waiting_for_hitl', attempt: task.attempts } });
  emit({
    type: 'hitl.requested',
    ...scopeOf(task),
    payload: {
      hitlRequestId: request.id,
      kind: settings.kind,
      question: settings.question,
      options: settings.options,
      artifactId: settings.artifactId,
      timeoutAt: timeoutAt?.toISOString() ?? null,
    },
  });
  if (timeoutAt !== null) await enqueue(tx, 'hitl_timeout', { hitlRequestId: request.id }, { runAt: timeoutAt });
  if (task.runId !== null) await refreshRun(w, task.runId);
  return request.id;
}

/** Sends a task back to ready for another attempt with feedback (a rejection, an answer). */
export async function sendBack(w: Work, task: LockedTask, feedback: string | null, reason: string): Promise<void> {
  // Rework a person asked for does not use up the retries kept for failures.
  await w.tx.$executeRaw`
    UPDATE tasks SET status = 'ready', feedback = ${feedback}, retry_at = NULL, max_attempts = max_attempts + 1, updated_at = now()
    WHERE id = ${task.id}::uuid`;
  w.emit({ type: 'task.status_changed', ...scopeOf(task), payload: { from: task.status, to: 'ready', attempt: task.attempts, reason } });
  await advance(w, task.runId);
}
