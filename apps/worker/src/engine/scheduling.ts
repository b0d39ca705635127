import { enqueue } from './queue';
import type { Work } from './tx';

// Moving tasks forward: pending → ready when their dependencies are met, ready → working
// when an idle agent of the right role takes them (which enqueues the execution job in the
// same transaction, so the job exists exactly when the assignment does).

/** Pending tasks of a run whose dependencies have all completed become ready. */
export async function promoteReadyTasks({ tx, emit }: Work, runId: string): Promise<number> {
  const promoted = await tx.$queryRaw<Array<{ id: string; projectId: string; attempts: number }>>`
    UPDATE tasks t SET status = 'ready', updated_at = now()
    WHERE t.run_id = ${runId}::uuid AND t.status = 'pending'
      AND NOT EXISTS (
        SELECT 1 FROM task_dependencies d JOIN tasks dep ON dep.id = d.depends_on_task_id
        WHERE d.task_id = t.id AND dep.status <> 'completed')
    RETURNING t.id, t.project_id AS "projectId", t.attempts`;
  for (const task of promoted) {
    emit({
      type: 'task.status_changed',
      projectId: task.projectId,
      runId,
      taskId: task.id,
      payload: { from: 'pending', to: 'ready', attempt: task.attempts },
    });
  }
  return promoted.length;
}

interface ReadyTask {
  id: string;
  projectId: string;
  runId: string | null;
  role: string;
  attempts: number;
  assignedAgentId: string | null;
}

/**
 * Hands ready tasks (highest priority first) to idle agents of their role: the project's
 * own agents before shared ones, the task's previous agent before others. Rows are taken
 * with SKIP LOCKED, so concurrent assigners (two workers, or a tick beside a completion)
 * never hand out the same task or agent twice and never wait on each other; a task skipped
 * here is being changed by the transaction holding it, which assigns it itself or leaves it
 * for the next tick.
 */
export async function assignReadyTasks(w: Work, limit = 25): Promise<number> {
  const { tx } = w;
  const ready = await tx.$queryRaw<ReadyTask[]>`
    SELECT t.id, t.project_id AS "projectId", t.run_id AS "runId", t.role, t.attempts,
           t.assigned_agent_id AS "assignedAgentId"
    FROM tasks t
    JOIN projects p ON p.id = t.project_id
    LEFT JOIN workflow_runs r ON r.id = t.run_id
    WHERE t.status = 'ready' AND (t.retry_at IS NULL OR t.retry_at <= now())
      AND p.status = 'active' AND (t.run_id IS NULL OR r.status = 'running')
    ORDER BY CASE t.priority WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, t.created_at, t.id
    LIMIT ${limit}
    FOR NO KEY UPDATE OF t SKIP LOCKED`;
  let assigned = 0;
  for (const task of ready) {
    const [agent] = await tx.$queryRaw<Array<{ id: string; name: string }>>`
      SELECT id, name FROM agents
      WHERE status = 'idle' AND role = ${task.role} AND (project_id = ${task.projectId}::uuid OR project_id IS NULL)
      ORDER BY COALESCE(id = ${task.assignedAgentId}::uuid, false) DESC, (project_id IS NULL), updated_at, id
      LIMIT 1
      FOR NO KEY UPDATE SKIP LOCKED`;
    if (!agent) continue;
    await startAttempt(w, task, agent, { assignedBy: 'orchestrator' });
    assigned += 1;
  }
  return assigned;
}

/**
 * Gives a locked ready task to a locked idle agent: the next attempt starts, the agent is
 * busy, and the execution job is queued.
 */
export async function startAttempt(
  { tx, emit }: Work,
  task: ReadyTask,
  agent: { id: string; name: string },
  by: { assignedBy: 'orchestrator' | 'user'; userId?: string | null },
): Promise<number> {
  const attempt = task.attempts + 1;
  await tx.$executeRaw`
    UPDATE tasks SET status = 'working', assigned_agent_id = ${agent.id}::uuid, attempts = ${attempt},
      retry_at = NULL, started_at = COALESCE(started_at, now()), updated_at = now()
    WHERE id = ${task.id}::uuid`;
  await tx.$executeRaw`
    UPDATE agents SET status = 'working', current_task_id = ${task.id}::uuid, updated_at = now()
    WHERE id = ${agent.id}::uuid`;
  await tx.$executeRaw`
    INSERT INTO agent_status_history (id, agent_id, status, previous_status, task_id, reason)
    VALUES (gen_random_uuid(), ${agent.id}::uuid, 'working', 'idle', ${task.id}::uuid, 'assigned a task')`;
  const scope = { projectId: task.projectId, taskId: task.id, ...(task.runId ? { runId: task.runId } : {}) };
  emit({ type: 'task.status_changed', ...scope, payload: { from: 'ready', to: 'working', attempt } });
  emit({
    type: 'task.assigned',
    ...scope,
    agentId: agent.id,
    payload: { agentName: agent.name, assignedBy: by.assignedBy, ...(by.userId === undefined ? {} : { userId: by.userId }) },
  });
  emit({ type: 'agent.status_changed', agentId: agent.id, payload: { from: 'idle', to: 'working', taskId: task.id } });
  await enqueue(tx, 'execute_task', { taskId: task.id, attempt });
  return attempt;
}

/** The agent is free again (its attempt ended, or it never started). */
export async function freeAgent({ tx, emit }: Work, agentId: string, taskId: string, reason: string): Promise<void> {
  const freed = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE agents SET status = 'idle', current_task_id = NULL, updated_at = now()
    WHERE id = ${agentId}::uuid AND status = 'working' AND current_task_id = ${taskId}::uuid
    RETURNING id`;
  if (freed.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO agent_status_history (id, agent_id, status, previous_status, task_id, reason)
    VALUES (gen_random_uuid(), ${agentId}::uuid, 'idle', 'working', ${taskId}::uuid, ${reason})`;
  emit({ type: 'agent.status_changed', agentId, payload: { from: 'working', to: 'idle', taskId, reason } });
}
