import { AppError } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';

/** A working agent cannot be deleted mid-task: terminate its session (or reset it) first. */
export async function deleteAgent(db: Db, agentId: string) {
  return db.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: agentId }, select: { id: true, name: true, status: true } });
    if (!agent) throw notFound('agent', 'agentId');
    if (agent.status === 'working')
      throw new AppError('CONFLICT', 'This agent is working on a task; terminate its session before deleting it.', { field: 'agentId' });
    await tx.agent.delete({ where: { id: agentId }, select: { id: true } });
    await recordEvent(tx, { type: 'agent.deleted', agentId, payload: { name: agent.name } });
    return { id: agentId, deleted: true as const };
  });
}
