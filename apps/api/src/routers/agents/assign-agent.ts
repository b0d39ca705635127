import { AppError, type AssignAgentInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';
import { agentSelect } from './agent-select';

/** Reserve an agent for one project (the orchestrator then offers it only that project's tasks), or release it. */
export async function assignAgentToProject(db: Db, input: AssignAgentInput) {
  return db.$transaction(async (tx) => {
    const agent = await tx.agent.findUnique({ where: { id: input.agentId }, select: { id: true } });
    if (!agent) throw notFound('agent', 'agentId');
    if (input.projectId !== null) {
      const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
      if (!project) throw new AppError('BAD_REQUEST', 'projectId does not name an existing project.', { field: 'projectId' });
    }
    const updated = await tx.agent.update({ where: { id: input.agentId }, data: { projectId: input.projectId }, select: agentSelect });
    await recordEvent(tx, {
      type: 'agent.assigned',
      agentId: input.agentId,
      ...(input.projectId ? { projectId: input.projectId } : {}),
      payload: { projectId: input.projectId },
    });
    return updated;
  });
}
