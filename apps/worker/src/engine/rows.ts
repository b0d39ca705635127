import type { RunStatus, TaskPriority, TaskStatus } from '@quarterdeck/db';
import type { Tx } from './tx';

// Row locks taken with raw SQL: Prisma has no SELECT … FOR UPDATE. Every transaction that
// changes a run's tasks locks the run row first, so transitions of one run are serialised
// and two transactions never take the same rows in opposite orders. The locks are FOR NO KEY
// UPDATE: a plain FOR UPDATE would also block the KEY SHARE locks that inserting a child row
// (a session, an iteration) takes on its parents, and deadlock a claim against a transition.

export interface LockedTask {
  id: string;
  projectId: string;
  runId: string | null;
  waveId: string | null;
  stepId: string | null;
  title: string;
  role: string;
  instructions: string;
  status: TaskStatus;
  priority: TaskPriority;
  attempts: number;
  maxAttempts: number;
  onCriticalPath: boolean;
  requiresReview: boolean;
  consumes: string[];
  produces: string[];
  assignedAgentId: string | null;
  feedback: string | null;
}

export async function lockTask(tx: Tx, taskId: string): Promise<LockedTask | null> {
  const rows = await tx.$queryRaw<LockedTask[]>`
    SELECT id, project_id AS "projectId", run_id AS "runId", wave_id AS "waveId", step_id AS "stepId",
           title, role, instructions, status::text AS status, priority::text AS priority, attempts,
           max_attempts AS "maxAttempts", on_critical_path AS "onCriticalPath",
           requires_review AS "requiresReview", consumes, produces,
           assigned_agent_id AS "assignedAgentId", feedback
    FROM tasks WHERE id = ${taskId}::uuid FOR NO KEY UPDATE`;
  return rows[0] ?? null;
}

export interface LockedRun {
  id: string;
  projectId: string;
  workflowId: string;
  status: RunStatus;
  startedAt: Date | null;
}

export async function lockRun(tx: Tx, runId: string): Promise<LockedRun | null> {
  const rows = await tx.$queryRaw<LockedRun[]>`
    SELECT id, project_id AS "projectId", workflow_id AS "workflowId", status::text AS status, started_at AS "startedAt"
    FROM workflow_runs WHERE id = ${runId}::uuid FOR NO KEY UPDATE`;
  return rows[0] ?? null;
}

/** Locks the run of a task (when it has one) and then the task, in that order. */
export async function lockRunAndTask(tx: Tx, taskId: string): Promise<{ run: LockedRun | null; task: LockedTask } | null> {
  const owner = await tx.task.findUnique({ where: { id: taskId }, select: { runId: true } });
  if (!owner) return null;
  const run = owner.runId === null ? null : await lockRun(tx, owner.runId);
  const task = await lockTask(tx, taskId);
  return task ? { run, task } : null;
}
