import type { HitlKind } from '@quarterdeck/db';
import type { EngineConfig } from '../config';
import { refreshRun } from '../runs/refresh-run';
import { taskScope } from '../scope';
import { enqueue } from '../unit-of-work/enqueue';
import type { LockedTask } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';

export interface HitlSettings {
  kind: HitlKind;
  question: string;
  options: string[];
  artifactId: string | null;
  config: Pick<EngineConfig, 'hitlTimeoutMs' | 'hitlTimeoutAction'>;
  /** The watchdog's escalations wait for a person without a deadline of their own. */
  timeoutAction?: 'escalate' | 'fail';
  withoutTimeout?: boolean;
  /** Feedback the next attempt will get whatever the answer (a watchdog finding). */
  feedback?: string;
  lastError?: string | null;
  reason?: string;
}

/** The task waits for a person; the request is a row, so it survives any restart. Returns its id. */
export async function requestHuman(w: Work, task: LockedTask, settings: HitlSettings): Promise<string> {
  const { tx, emit } = w;
  const timeoutMs = settings.withoutTimeout ? null : settings.config.hitlTimeoutMs;
  const timeoutAt = timeoutMs === null ? null : new Date(Date.now() + timeoutMs);
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
      timeoutAction: settings.timeoutAction ?? settings.config.hitlTimeoutAction,
    },
    select: { id: true },
  });
  await tx.$executeRaw`
    UPDATE tasks SET status = 'waiting_for_hitl', updated_at = now(),
      feedback = CASE WHEN ${settings.feedback ?? null}::text IS NULL THEN feedback ELSE ${settings.feedback ?? null}::text END,
      last_error = CASE WHEN ${settings.lastError === undefined} THEN last_error ELSE ${settings.lastError ?? null}::text END
    WHERE id = ${task.id}::uuid`;
  const scope = taskScope(task);
  emit({
    type: 'task.status_changed',
    ...scope,
    payload: { from: task.status, to: 'waiting_for_hitl', attempt: task.attempts, ...(settings.reason ? { reason: settings.reason } : {}) },
  });
  emit({
    type: 'hitl.requested',
    ...scope,
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
