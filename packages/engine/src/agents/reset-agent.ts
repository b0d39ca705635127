import type { z } from 'zod';
import { AppError, resetAgentInput } from '@quarterdeck/contracts';
import type { Agent } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { terminateSession } from '../sessions/terminate-session';
import { lockAgent } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';
import { changeAgentStatus } from './change-agent-status';

/**
 * Puts an agent back to idle with no current task (seed 001's admin reset). Its running
 * sessions are terminated the way a person's stop is, except that their tasks are retried:
 * the work is not lost, it goes to the next free agent.
 */
export async function resetAgent(deps: DomainDeps, input: z.input<typeof resetAgentInput>, actor: Actor): Promise<Agent> {
  const parsed = parseInput(resetAgentInput, input);
  const reason = parsed.reason || 'reset by an admin';
  const exists = await deps.db.agent.findUnique({ where: { id: parsed.agentId }, select: { id: true } });
  if (!exists) throw new AppError('NOT_FOUND', 'There is no such agent', { field: 'agentId' });
  const running = await deps.db.agentSession.findMany({ where: { agentId: parsed.agentId, status: 'running' }, select: { id: true } });
  for (const session of running) {
    try {
      await terminateSession(deps, session.id, actor, reason, { retry: true });
    } catch (error) {
      // Ended by itself meanwhile: nothing left to stop.
      if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
    }
  }
  return inTransaction(deps.db, async (w) => {
    const agent = await lockAgent(w.tx, parsed.agentId);
    if (!agent) throw new AppError('NOT_FOUND', 'There is no such agent', { field: 'agentId' });
    await changeAgentStatus(w, {
      agentId: agent.id,
      from: ['working', 'stuck', 'offline', 'idle'],
      to: 'idle',
      taskId: agent.currentTaskId,
      reason,
      currentTask: 'clear',
    });
    return w.tx.agent.findUniqueOrThrow({ where: { id: agent.id } });
  });
}
