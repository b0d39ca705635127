import type { AgentStatus } from '@quarterdeck/contracts';
import type { Work } from '../engine/tx';

/**
 * Moves an agent from one status to another, only if it is still in `from` (a concurrent
 * change wins), with its history row and event. Returns whether it moved.
 */
export async function changeAgentStatus(
  { tx, emit }: Work,
  change: { agentId: string; from: AgentStatus; to: AgentStatus; taskId: string | null; reason: string; clearTask?: boolean },
): Promise<boolean> {
  const moved = await tx.$executeRaw`
    UPDATE agents SET status = ${change.to}::"AgentStatus", updated_at = now(),
      current_task_id = CASE WHEN ${change.clearTask === true} THEN NULL ELSE current_task_id END
    WHERE id = ${change.agentId}::uuid AND status = ${change.from}::"AgentStatus"`;
  if (moved === 0) return false;
  await tx.$executeRaw`
    INSERT INTO agent_status_history (id, agent_id, status, previous_status, task_id, reason)
    VALUES (gen_random_uuid(), ${change.agentId}::uuid, ${change.to}::"AgentStatus", ${change.from}::"AgentStatus", ${change.taskId}::uuid, ${change.reason})`;
  emit({
    type: 'agent.status_changed',
    agentId: change.agentId,
    payload: { from: change.from, to: change.to, taskId: change.taskId, reason: change.reason },
  });
  return true;
}
