import { z } from 'zod';
import { agentConfig } from '../agent-config';
import { AgentRuntime, AgentStatus } from '../enums';
import { entityId, identifier, optionalText, requiredText, safeString, uniqueIdentifiers } from '../primitives';
import { paginationShape } from './pagination';
import { requireSomeChange } from './refinements';

// Agents: typed workers (an LLM behind a provider, or a spawned CLI) that outlive projects.

const model = safeString().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const temperature = z.number().min(0, 'must be between 0 and 2').max(2, 'must be between 0 and 2');
const maxTokens = z.number().int('must be a whole number').min(1, 'must be at least 1').max(2_000_000, 'must be at most 2000000');
const contextSize = z.number().int('must be a whole number').min(256, 'must be at least 256').max(10_000_000, 'must be at most 10000000');
const command = safeString().trim().min(1, 'must not be empty').max(4_000, 'must be at most 4000 characters');

const agentFields = {
  name: requiredText(100),
  /** The role tasks ask for, e.g. "analyst", "coder", "qa". */
  role: identifier,
  persona: optionalText(2_000),
  description: optionalText(5_000),
  /** The agent template it was made from, if any. */
  templateId: identifier.optional(),
  runtime: AgentRuntime.default('llm'),
  /** "simulated" is the built-in offline provider, and the default. */
  provider: identifier.default('simulated'),
  model: model.default('simulated'),
  temperature: temperature.optional(),
  maxTokens: maxTokens.optional(),
  contextSize: contextSize.optional(),
  systemPrompt: optionalText(100_000),
  capabilities: uniqueIdentifiers(50).default([]),
  /** The command line a `cli` agent spawns; required for them, meaningless for `llm` agents. */
  command: command.optional(),
  config: agentConfig.default({}),
  projectId: entityId.optional(),
};

export const createAgentInput = z.strictObject(agentFields).superRefine((agent, ctx) => {
  if (agent.runtime === 'cli' && agent.command === undefined) {
    ctx.addIssue({ code: 'custom', path: ['command'], message: 'a cli agent needs the command line to spawn' });
  }
});
export type CreateAgentInput = z.infer<typeof createAgentInput>;

/** Every field optional; null clears a nullable column. */
export const updateAgentInput = z
  .strictObject({
    agentId: entityId,
    name: agentFields.name.optional(),
    role: identifier.optional(),
    persona: agentFields.persona.nullable(),
    description: agentFields.description.nullable(),
    runtime: AgentRuntime.optional(),
    provider: identifier.optional(),
    model: model.optional(),
    temperature: temperature.nullable().optional(),
    maxTokens: maxTokens.nullable().optional(),
    contextSize: contextSize.nullable().optional(),
    systemPrompt: agentFields.systemPrompt.nullable(),
    capabilities: uniqueIdentifiers(50).optional(),
    command: command.nullable().optional(),
    /** Replaces the whole stored config (send the merged value to change one threshold). */
    config: agentConfig.optional(),
  })
  .superRefine(requireSomeChange('agentId'))
  .superRefine((patch, ctx) => {
    if (patch.runtime === 'cli' && patch.command === null) {
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'a cli agent needs the command line to spawn' });
    }
  });
export type UpdateAgentInput = z.infer<typeof updateAgentInput>;

/** Assign to a project, or `projectId: null` to make the agent available to every project again. */
export const assignAgentInput = z.strictObject({
  agentId: entityId,
  projectId: entityId.nullable(),
});
export type AssignAgentInput = z.infer<typeof assignAgentInput>;

export const listAgentsInput = z.strictObject({
  role: identifier.optional(),
  status: AgentStatus.optional(),
  runtime: AgentRuntime.optional(),
  projectId: entityId.optional(),
  ...paginationShape,
});
export type ListAgentsInput = z.infer<typeof listAgentsInput>;

/** Put a stuck or confused agent back to idle (the seeds' admin "reset"). */
export const resetAgentInput = z.strictObject({
  agentId: entityId,
  reason: optionalText(2_000),
});
export type ResetAgentInput = z.infer<typeof resetAgentInput>;

export const agentIdInput = z.strictObject({ agentId: entityId });
export type AgentIdInput = z.infer<typeof agentIdInput>;
