import type { Agent, AgentInput, AgentRuntime, AgentTemplate } from '../types';

// The agent editor works on strings (what inputs hold) and turns them into an AgentInput
// only when every field is valid.

export interface AgentDraft {
  name: string;
  role: string;
  templateId: string;
  runtime: AgentRuntime;
  provider: string;
  model: string;
  temperature: string;
  maxTokens: string;
  systemPrompt: string;
  command: string;
}

export type AgentErrors = Partial<Record<keyof AgentDraft, string>>;

export type AgentValidation = { ok: true; input: AgentInput } | { ok: false; errors: AgentErrors };

export const EMPTY_AGENT_DRAFT: AgentDraft = {
  name: '',
  role: '',
  templateId: '',
  runtime: 'llm',
  provider: 'simulated',
  model: 'simulated',
  temperature: '',
  maxTokens: '',
  systemPrompt: '',
  command: '',
};

export function draftFromAgent(agent: Agent): AgentDraft {
  return {
    name: agent.name,
    role: agent.role,
    templateId: agent.templateId ?? '',
    runtime: agent.runtime,
    provider: agent.provider,
    model: agent.model,
    temperature: agent.temperature === null ? '' : String(agent.temperature),
    maxTokens: agent.maxTokens === null ? '' : String(agent.maxTokens),
    systemPrompt: agent.systemPrompt ?? '',
    command: agent.command ?? '',
  };
}

/** Starting from a template fills in its defaults but keeps a name the person already typed. */
export function applyTemplate(draft: AgentDraft, template: AgentTemplate): AgentDraft {
  return {
    ...draft,
    name: draft.name.trim().length > 0 ? draft.name : template.name,
    templateId: template.id,
    role: template.role,
    runtime: template.runtime,
    provider: template.provider,
    model: template.model,
    systemPrompt: template.systemPrompt ?? '',
  };
}

export function validateAgentDraft(draft: AgentDraft): AgentValidation {
  const errors: AgentErrors = {};
  const name = draft.name.trim();
  const role = draft.role.trim();
  const command = draft.command.trim();

  if (name.length === 0) errors.name = 'Name is required.';
  if (role.length === 0) errors.role = 'Role is required.';
  if (draft.provider.trim().length === 0) errors.provider = 'Provider is required.';
  if (draft.model.trim().length === 0) errors.model = 'Model is required.';
  if (draft.runtime === 'cli' && command.length === 0) errors.command = 'Command is required for a CLI agent.';

  const temperature = optionalNumber(draft.temperature);
  if (Number.isNaN(temperature) || (temperature !== null && (temperature < 0 || temperature > 2))) {
    errors.temperature = 'Temperature must be a number from 0 to 2.';
  }
  const maxTokens = optionalNumber(draft.maxTokens);
  if (Number.isNaN(maxTokens) || (maxTokens !== null && (!Number.isInteger(maxTokens) || maxTokens <= 0))) {
    errors.maxTokens = 'Max tokens must be a whole number above 0.';
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name,
      role,
      templateId: draft.templateId.length > 0 ? draft.templateId : null,
      runtime: draft.runtime,
      provider: draft.provider.trim(),
      model: draft.model.trim(),
      temperature,
      maxTokens,
      systemPrompt: draft.systemPrompt.trim().length > 0 ? draft.systemPrompt : null,
      command: draft.runtime === 'cli' ? command : null,
    },
  };
}

/** null for an empty field, NaN for one that is not a number. */
function optionalNumber(text: string): number | null {
  const trimmed = text.trim();
  return trimmed.length === 0 ? null : Number(trimmed);
}
