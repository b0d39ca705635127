import type { z } from 'zod';
import { AppError, assignAgentInput } from '@quarterdeck/contracts';
import type { Agent } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { lockAgent, lockProject } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

/**
 * Reserve an agent for one project (the scheduler then offers it only that project's tasks,
 * and it is deleted with the project), or make it shared again (projectId null).
 */
export async function assignAgentToProject(deps: DomainDeps, input: z.input<typeof assignAgentInput>): Promise<Agent> {
  const parsed = parseInput(assignAgentInput, input);
  return inTransaction(deps.db, async ({ tx, emit }) => {
    if (parsed.projectId !== null && !(await lockProject(tx, parsed.projectId))) {
      throw new AppError('BAD_REQUEST', 'projectId does not name an existing project.', { field: 'projectId' });
    }
    if (!(await lockAgent(tx, parsed.agentId))) throw new AppError('NOT_FOUND', 'There is no such agent', { field: 'agentId' });
    const updated = await tx.agent.update({ where: { id: parsed.agentId }, data: { projectId: parsed.projectId } });
    emit({
      type: 'agent.assigned',
      agentId: parsed.agentId,
      ...(parsed.projectId ? { projectId: parsed.projectId } : {}),
      payload: { projectId: parsed.projectId },
    });
    return updated;
  });
}
