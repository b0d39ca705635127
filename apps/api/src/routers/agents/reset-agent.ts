import type { ResetAgentInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';
import { agentSelect } from './agent-select';

/**
 * Puts an agent back to idle with no current task. Its running sessions are marked
 * terminated so the watchdog and the dashboard agree the work stopped; the task itself is
 * left to the orchestrator's retry rules (its session's failure counts as an attempt).
 */
export async function resetAgent(db: Db, input: ResetAgentInput, actorUserId: string) {
  const reason = input.reason || `reset by user ${actorUserId}`;
  return db.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: input.agentId }, select: { id: true, status: true, currentTaskId: true } });
    if (!agent) throw notFound('agent', 'agentId');
    await tx.agentSession.updateMany({
      where: { agentId: agent.id, status: 'running' },
      data: { status: 'terminated', stopReason: reason, endedAt: new Date() },
    });
    const updated = await tx.agent.update({ where: { id: agent.id }, data: { status: 'idle', currentTaskId: null }, select: agentSelect });
    await tx.agentStatusHistory.create({
      data: { agentId: agent.id, status: 'idle', previousStatus: agent.status, taskId: agent.currentTaskId, reason },
      select: { id: true },
    });
    await recordEvent(tx, {
      type: 'agent.status_changed',
      agentId: agent.id,
      payload: { from: agent.status, to: 'idle', taskId: agent.currentTaskId, reason },
    });
    return updated;
  });
}
