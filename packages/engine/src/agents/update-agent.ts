import type { z } from 'zod';
import { AppError, updateAgentInput } from '@quarterdeck/contracts';
import type { Agent } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { lockAgent } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

/** Edits an agent's configuration (not its status: that changes only through the engine's transitions). */
export async function updateAgent(deps: DomainDeps, input: z.input<typeof updateAgentInput>): Promise<Agent> {
  const { agentId, ...fields } = parseInput(updateAgentInput, input);
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return inTransaction(deps.db, async ({ tx, emit }) => {
    if (!(await lockAgent(tx, agentId))) throw new AppError('NOT_FOUND', 'There is no such agent', { field: 'agentId' });
    const existing = await tx.agent.findUniqueOrThrow({ where: { id: agentId }, select: { runtime: true, command: true } });
    const runtime = fields.runtime ?? existing.runtime;
    const command = fields.command === undefined ? existing.command : fields.command;
    if (runtime === 'cli' && !command)
      throw new AppError('BAD_REQUEST', 'a cli agent needs the command line to spawn', { field: 'command' });
    const agent = await tx.agent.update({ where: { id: agentId }, data: changes });
    emit({ type: 'agent.updated', agentId, payload: { changedFields: Object.keys(changes) } });
    return agent;
  });
}
