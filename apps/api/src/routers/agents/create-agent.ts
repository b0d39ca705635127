import { AppError, type CreateAgentInput } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db, Prisma } from '@quarterdeck/db';
import { recordEvents } from '../../events/record-event';
import { agentSelect } from './agent-select';

/**
 * A new agent. With a templateId, the template fills whatever the input leaves out
 * (persona, system prompt, model settings, capabilities); the input always wins.
 */
export async function createAgent(deps: { db: Db; catalog: TemplateCatalog }, input: CreateAgentInput) {
  const template = input.templateId === undefined ? undefined : deps.catalog.getAgentTemplate(input.templateId);
  if (input.templateId !== undefined && !template) {
    throw new AppError('BAD_REQUEST', `templateId "${input.templateId}" is not an agent template.`, { field: 'templateId' });
  }
  const data: Prisma.AgentUncheckedCreateInput = {
    name: input.name,
    role: input.role,
    persona: input.persona ?? template?.persona ?? null,
    description: input.description ?? template?.description ?? null,
    templateId: input.templateId ?? null,
    runtime: input.runtime,
    provider: input.provider,
    model: input.model,
    temperature: input.temperature ?? template?.temperature ?? null,
    maxTokens: input.maxTokens ?? template?.maxTokens ?? null,
    contextSize: input.contextSize ?? null,
    systemPrompt: input.systemPrompt ?? template?.systemPrompt ?? null,
    capabilities: input.capabilities.length > 0 ? input.capabilities : (template?.capabilities ?? []),
    command: input.command ?? template?.command ?? null,
    config: input.config,
    projectId: input.projectId ?? null,
  };
  return deps.db.$transaction(async (tx) => {
    if (input.projectId !== undefined) {
      const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
      if (!project) throw new AppError('BAD_REQUEST', 'projectId does not name an existing project.', { field: 'projectId' });
    }
    const agent = await tx.agent.create({ data, select: agentSelect });
    await recordEvents(tx, [
      {
        type: 'agent.created',
        agentId: agent.id,
        payload: { name: agent.name, role: agent.role, runtime: agent.runtime, provider: agent.provider, model: agent.model },
      },
      { type: 'agent.status_changed', agentId: agent.id, payload: { from: null, to: agent.status, taskId: null, reason: 'created' } },
    ]);
    await tx.agentStatusHistory.create({ data: { agentId: agent.id, status: agent.status, reason: 'created' }, select: { id: true } });
    return agent;
  });
}
