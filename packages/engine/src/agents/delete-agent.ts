import { AppError } from '@quarterdeck/contracts';
import type { DomainDeps } from '../deps';
import { lockAgent } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

/** A working agent cannot be deleted mid-task: terminate its session (or reset it) first. */
export async function deleteAgent(deps: DomainDeps, agentId: string): Promise<{ id: string; deleted: true }> {
  return inTransaction(deps.db, async ({ tx, emit }) => {
    const agent = await lockAgent(tx, agentId);
    if (!agent) throw new AppError('NOT_FOUND', 'There is no such agent', { field: 'agentId' });
    if (agent.status === 'working') {
      throw new AppError('CONFLICT', 'This agent is working on a task; terminate its session before deleting it.', { field: 'agentId' });
    }
    await tx.agent.delete({ where: { id: agentId }, select: { id: true } });
    emit({ type: 'agent.deleted', agentId, ...(agent.projectId ? { projectId: agent.projectId } : {}), payload: { name: agent.name } });
    return { id: agentId, deleted: true as const };
  });
}
