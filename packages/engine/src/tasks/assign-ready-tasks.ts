import type { Work } from '../unit-of-work/transaction';
import { startAttempt, type ReadyTask } from './start-attempt';

/**
 * Hands ready tasks (highest priority first) to idle agents of their role: the project's
 * own agents before shared ones, the task's previous agent before others. Rows are taken
 * with SKIP LOCKED, so concurrent assigners (two workers, or a tick beside a completion)
 * never hand out the same task or agent twice and never wait on each other; a task skipped
 * here is being changed by the transaction holding it, which assigns it itself or leaves it
 * for the next tick.
 */
export async function assignReadyTasks(w: Work, limit = 25): Promise<number> {
  const ready = await w.tx.$queryRaw<Array<ReadyTask & { role: string; assignedAgentId: string | null }>>`
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
    const [agent] = await w.tx.$queryRaw<Array<{ id: string; name: string }>>`
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
