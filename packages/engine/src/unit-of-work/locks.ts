import type { RunStatus, TaskPriority, TaskStatus } from '@quarterdeck/db';
import type { Tx } from './transaction';

// ─────────────────────────────── THE lock order ───────────────────────────────
//
// Every transition that locks more than one row locks them in this order, and never
// waits for a row earlier in the list once it holds a later one:
//
//   1. workflow run            (lockRun)
//   2. project                 (lockProject)
//   3. task(s), by id          (lockTask)
//   4. conversation            (lockConversation)
//   5. agent session           (lockSession)
//   6. agent(s), by id         (lockAgent; the scheduler takes idle agents with SKIP LOCKED)
//   7. HITL request            (lockHitlRequest)
//
// A transition that only knows a later row (a session, a HITL request) reads its parent
// ids without locking, locks from the top, then re-reads the later row under its lock and
// re-checks its state: whatever changed in between is seen. Two transactions therefore never
// take the same rows in opposite orders, which is what rules deadlocks out.
//
// The scheduler's exception: it takes ready tasks of OTHER runs and idle agents with
// FOR NO KEY UPDATE SKIP LOCKED, which never waits, so it cannot close a cycle.
//
// All locks are FOR NO KEY UPDATE: a plain FOR UPDATE would also block the KEY SHARE locks
// that inserting a child row (a session, an iteration, a wave) takes on its parents, and
// deadlock a claim against a transition. Prisma has no SELECT … FOR UPDATE, hence raw SQL.
// Events are appended after all of these (see inTransaction).

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

/** Locks a project row (after its runs). Returns whether it exists. */
export async function lockProject(tx: Tx, projectId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM projects WHERE id = ${projectId}::uuid FOR NO KEY UPDATE`;
  return rows.length > 0;
}

export async function lockConversation(tx: Tx, conversationId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM conversations WHERE id = ${conversationId}::uuid FOR NO KEY UPDATE`;
  return rows.length > 0;
}

export interface LockedSession {
  id: string;
  taskId: string;
  agentId: string;
  runId: string | null;
  attempt: number;
  status: 'running' | 'completed' | 'failed' | 'terminated' | 'stuck';
  workerId: string | null;
  startedAt: Date;
}

export async function lockSession(tx: Tx, sessionId: string): Promise<LockedSession | null> {
  const rows = await tx.$queryRaw<LockedSession[]>`
    SELECT id, task_id AS "taskId", agent_id AS "agentId", run_id AS "runId", attempt, status::text AS status,
           worker_id AS "workerId", started_at AS "startedAt"
    FROM agent_sessions WHERE id = ${sessionId}::uuid FOR NO KEY UPDATE`;
  return rows[0] ?? null;
}

export interface LockedAgent {
  id: string;
  name: string;
  role: string;
  status: 'idle' | 'working' | 'stuck' | 'offline';
  projectId: string | null;
  currentTaskId: string | null;
}

export async function lockAgent(tx: Tx, agentId: string): Promise<LockedAgent | null> {
  const rows = await tx.$queryRaw<LockedAgent[]>`
    SELECT id, name, role, status::text AS status, project_id AS "projectId", current_task_id AS "currentTaskId"
    FROM agents WHERE id = ${agentId}::uuid FOR NO KEY UPDATE`;
  return rows[0] ?? null;
}

export async function lockHitlRequest(tx: Tx, hitlRequestId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM hitl_requests WHERE id = ${hitlRequestId}::uuid FOR NO KEY UPDATE`;
  return rows.length > 0;
}
