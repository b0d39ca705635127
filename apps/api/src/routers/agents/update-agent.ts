import { AppError, type UpdateAgentInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';
import { agentSelect } from './agent-select';

export async function updateAgent(db: Db, input: UpdateAgentInput) {
  const { agentId, ...fields } = input;
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return db.$transaction(async (tx) => {
    const existing = await tx.agent.findUnique({ where: { id: agentId }, select: { runtime: true, command: true } });
    if (!existing) throw notFound('agent', 'agentId');
    const runtime = input.runtime ?? existing.runtime;
    const command = input.command === undefined ? existing.command : input.command;
    if (runtime === 'cli' && !command)
      throw new AppError('BAD_REQUEST', 'a cli agent needs the command line to spawn', { field: 'command' });
    const agent = await tx.agent.update({ where: { id: agentId }, data: changes, select: agentSelect });
    await recordEvent(tx, { type: 'agent.updated', agentId, payload: { changedFields: Object.keys(changes) } });
    return agent;
  });
}
