import type { AgentListItem } from '../api/outputs';
import type { Agent, AgentInput } from '../types';
import { readNumber, readString, readStrings } from './wire-read';

// `agents.list` declares the status fields; the configuration (prompt, temperature…) travels
// in the same loose rows and is read here for the edit form.

export function toAgent(item: AgentListItem): Agent {
  return {
    id: item.id,
    name: item.name,
    role: item.role,
    persona: readString(item, 'persona'),
    description: readString(item, 'description'),
    templateId: readString(item, 'templateId'),
    runtime: item.runtime,
    provider: item.provider,
    model: item.model,
    temperature: readNumber(item, 'temperature'),
    maxTokens: readNumber(item, 'maxTokens'),
    contextSize: readNumber(item, 'contextSize'),
    systemPrompt: readString(item, 'systemPrompt'),
    capabilities: readStrings(item, 'capabilities'),
    command: readString(item, 'command'),
    status: item.status,
    projectId: item.projectId,
    currentTaskId: item.currentTaskId,
    lastHeartbeatAt: item.lastHeartbeatAt,
    createdAt: item.createdAt,
    updatedAt: readString(item, 'updatedAt') ?? item.createdAt,
  };
}

/** The form's nulls mean "not set": left out on create, cleared on update. */
export function createAgentPayload(input: AgentInput) {
  return {
    name: input.name,
    role: input.role,
    runtime: input.runtime,
    provider: input.provider,
    model: input.model,
    ...(input.templateId === null ? {} : { templateId: input.templateId }),
    ...(input.temperature === null ? {} : { temperature: input.temperature }),
    ...(input.maxTokens === null ? {} : { maxTokens: input.maxTokens }),
    ...(input.systemPrompt === null ? {} : { systemPrompt: input.systemPrompt }),
    ...(input.command === null ? {} : { command: input.command }),
  };
}

export function updateAgentPayload(agentId: string, input: AgentInput) {
  return {
    agentId,
    name: input.name,
    role: input.role,
    runtime: input.runtime,
    provider: input.provider,
    model: input.model,
    temperature: input.temperature,
    maxTokens: input.maxTokens,
    systemPrompt: input.systemPrompt,
    command: input.command,
  };
}
