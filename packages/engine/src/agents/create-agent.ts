import type { z } from 'zod';
import { AppError, createAgentInput } from '@quarterdeck/contracts';
import type { Agent, Prisma } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { lockProject } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

/**
 * A new agent. With a templateId, the template fills whatever the input leaves out
 * (persona, system prompt, model settings, capabilities); the input always wins.
 */
export async function createAgent(deps: DomainDeps, input: z.input<typeof createAgentInput>): Promise<Agent> {
  const parsed = parseInput(createAgentInput, input);
  const template = parsed.templateId === undefined ? undefined : deps.catalog.getAgentTemplate(parsed.templateId);
  if (parsed.templateId !== undefined && !template) {
    throw new AppError('BAD_REQUEST', `templateId "${parsed.templateId}" is not an agent template.`, { field: 'templateId' });
  }
  const data: Prisma.AgentUncheckedCreateInput = {
    name: parsed.name,
    role: parsed.role,
    persona: parsed.persona ?? template?.persona ?? null,
    description: parsed.description ?? template?.description ?? null,
    templateId: parsed.templateId ?? null,
    runtime: parsed.runtime,
    provider: parsed.provider,
    model: parsed.model,
    temperature: parsed.temperature ?? template?.temperature ?? null,
    maxTokens: parsed.maxTokens ?? template?.maxTokens ?? null,
    contextSize: parsed.contextSize ?? null,
    systemPrompt: parsed.systemPrompt ?? template?.systemPrompt ?? null,
    capabilities: parsed.capabilities.length > 0 ? parsed.capabilities : (template?.capabilities ?? []),
    command: parsed.command ?? template?.command ?? null,
    config: parsed.config,
    projectId: parsed.projectId ?? null,
  };
  return inTransaction(deps.db, async ({ tx, emit }) => {
    if (parsed.projectId !== undefined && !(await lockProject(tx, parsed.projectId))) {
      throw new AppError('BAD_REQUEST', 'projectId does not name an existing project.', { field: 'projectId' });
    }
    const agent = await tx.agent.create({ data: { ...data, statusHistory: { create: { status: 'idle', reason: 'created' } } } });
    emit({
      type: 'agent.created',
      agentId: agent.id,
      ...(agent.projectId ? { projectId: agent.projectId } : {}),
      payload: { name: agent.name, role: agent.role, runtime: agent.runtime, provider: agent.provider, model: agent.model },
    });
    emit({ type: 'agent.status_changed', agentId: agent.id, payload: { from: null, to: agent.status, taskId: null, reason: 'created' } });
    return agent;
  });
}
