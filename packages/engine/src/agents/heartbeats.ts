import type { AgentStatus } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { inTransaction } from '../unit-of-work/transaction';
import { changeAgentStatus } from './change-agent-status';

/** A running session as the watchdog's heartbeat pass sees it. */
export interface BeatingSession {
  agentId: string;
  taskId: string;
  agentStatus: AgentStatus;
  lastHeartbeatAt: Date | null;
  sessionStartedAt: Date;
}

/**
 * Heartbeats: a running session that has not beaten (output, tokens, tool calls, the
 * executor's own poll) for `timeoutMs` shows its agent offline; when it beats again the agent
 * is working again. Offline is a display state, not a stop: stuck rules decide stops.
 * Returns how many agents changed.
 */
export async function applyHeartbeats(db: Db, sessions: readonly BeatingSession[], now: number, timeoutMs: number): Promise<number> {
  let changed = 0;
  for (const session of sessions) {
    const lastBeat = (session.lastHeartbeatAt ?? session.sessionStartedAt).getTime();
    const silentMs = now - lastBeat;
    const goOffline = session.agentStatus === 'working' && silentMs >= timeoutMs;
    const comeBack = session.agentStatus === 'offline' && silentMs < timeoutMs;
    if (!goOffline && !comeBack) continue;
    const moved = await inTransaction(db, (w) =>
      changeAgentStatus(w, {
        agentId: session.agentId,
        from: session.agentStatus,
        to: goOffline ? 'offline' : 'working',
        taskId: session.taskId,
        reason: goOffline ? `no heartbeat for ${Math.round(silentMs / 1_000)} s` : 'heartbeats resumed',
      }),
    );
    if (moved !== null) changed += 1;
  }
  return changed;
}

/**
 * A stuck agent whose escalation a person has answered (its task no longer waits on a
 * pending escalation) is free again. Returns the agents released.
 */
export async function releaseAnsweredAgents(db: Db): Promise<number> {
  const agents = await db.$queryRaw<Array<{ id: string; taskId: string | null }>>`
    SELECT a.id, a.current_task_id AS "taskId" FROM agents a
    WHERE a.status = 'stuck'
      AND NOT EXISTS (
        SELECT 1 FROM hitl_requests h
        WHERE h.task_id = a.current_task_id AND h.kind = 'escalation' AND h.status = 'pending')`;
  let released = 0;
  for (const agent of agents) {
    const moved = await inTransaction(db, (w) =>
      changeAgentStatus(w, {
        agentId: agent.id,
        from: 'stuck',
        to: 'idle',
        taskId: agent.taskId,
        reason: 'the escalation was answered',
        currentTask: 'clear',
      }),
    );
    if (moved !== null) released += 1;
  }
  return released;
}
