import { changeAgentStatus } from '../agents/change-agent-status';
import { taskScope } from '../scope';
import { enqueue } from '../unit-of-work/enqueue';
import type { Work } from '../unit-of-work/transaction';

export interface ReadyTask {
  id: string;
  projectId: string;
  runId: string | null;
  attempts: number;
}

/**
 * Gives a locked ready task to a locked idle agent: the next attempt starts, the agent is
 * busy, and the execution job is queued in the same transaction (it exists exactly when the
 * assignment does). Returns the attempt number.
 */
export async function startAttempt(
  w: Work,
  task: ReadyTask,
  agent: { id: string; name: string },
  by: { assignedBy: 'orchestrator' | 'user'; userId?: string | null },
): Promise<number> {
  const attempt = task.attempts + 1;
  await w.tx.$executeRaw`
    UPDATE tasks SET status = 'working', assigned_agent_id = ${agent.id}::uuid, attempts = ${attempt},
      retry_at = NULL, started_at = COALESCE(started_at, now()), updated_at = now()
    WHERE id = ${task.id}::uuid`;
  await changeAgentStatus(w, {
    agentId: agent.id,
    from: 'idle',
    to: 'working',
    taskId: task.id,
    reason: 'assigned a task',
    currentTask: { set: task.id },
  });
  const scope = taskScope(task);
  w.emit({ type: 'task.status_changed', ...scope, payload: { from: 'ready', to: 'working', attempt } });
  w.emit({
    type: 'task.assigned',
    ...scope,
    agentId: agent.id,
    payload: { agentName: agent.name, assignedBy: by.assignedBy, ...(by.userId === undefined ? {} : { userId: by.userId }) },
  });
  await enqueue(w.tx, 'execute_task', { taskId: task.id, attempt });
  return attempt;
}
