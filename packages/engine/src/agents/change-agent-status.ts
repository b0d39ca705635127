import type { AgentStatus } from '@quarterdeck/contracts';
import type { Work } from '../unit-of-work/transaction';

export interface AgentStatusChange {
  agentId: string;
  /** The statuses the agent may be in for the change to happen; in any other, nothing changes (a concurrent change won). */
  from: AgentStatus | readonly AgentStatus[];
  to: AgentStatus;
  /** The task the change is about (recorded in the history and the event). */
  taskId: string | null;
  reason: string;
  /** Only when the agent's current task is this one (freeing an agent from a task it may have left). */
  onlyIfCurrentTask?: string;
  /** What the agent's current task becomes: `keep` (default), `clear`, or a task id (it starts on it). */
  currentTask?: 'keep' | 'clear' | { set: string };
}

/**
 * THE way an agent's status changes: one statement that moves it only from an allowed
 * status, a status-history row whose `previous_status` is the status it really had, and an
 * `agent.status_changed` event saying the same. Returns the status it moved from, or null
 * when it did not move.
 */
export async function changeAgentStatus({ tx, emit }: Work, change: AgentStatusChange): Promise<AgentStatus | null> {
  const from = typeof change.from === 'string' ? [change.from] : [...change.from];
  const current = change.currentTask ?? 'keep';
  const clear = current === 'clear';
  const setTask = typeof current === 'object' ? current.set : null;
  const rows = await tx.$queryRaw<Array<{ previous: AgentStatus }>>`
    WITH old AS (
      SELECT id, status FROM agents
      WHERE id = ${change.agentId}::uuid AND status::text = ANY(${from}::text[])
        AND (${change.onlyIfCurrentTask ?? null}::uuid IS NULL OR current_task_id = ${change.onlyIfCurrentTask ?? null}::uuid)
      FOR NO KEY UPDATE)
    UPDATE agents a SET status = ${change.to}::"AgentStatus", updated_at = now(),
      current_task_id = CASE WHEN ${clear} THEN NULL WHEN ${setTask}::uuid IS NOT NULL THEN ${setTask}::uuid ELSE a.current_task_id END
    FROM old WHERE a.id = old.id
    RETURNING old.status::text AS previous`;
  const previous = rows[0]?.previous;
  if (previous === undefined) return null;
  await tx.$executeRaw`
    INSERT INTO agent_status_history (id, agent_id, status, previous_status, task_id, reason)
    VALUES (gen_random_uuid(), ${change.agentId}::uuid, ${change.to}::"AgentStatus", ${previous}::"AgentStatus", ${change.taskId}::uuid, ${change.reason})`;
  emit({
    type: 'agent.status_changed',
    agentId: change.agentId,
    payload: { from: previous, to: change.to, taskId: change.taskId, reason: change.reason },
  });
  return previous;
}

/** The agent is free again (its attempt ended, or never started): only if it is still on that task. */
export async function freeAgent(w: Work, agentId: string, taskId: string, reason: string): Promise<boolean> {
  const moved = await changeAgentStatus(w, {
    agentId,
    from: ['working', 'offline'],
    to: 'idle',
    taskId,
    reason,
    onlyIfCurrentTask: taskId,
    currentTask: 'clear',
  });
  return moved !== null;
}
