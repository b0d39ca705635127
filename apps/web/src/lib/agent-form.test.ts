import { describe, expect, it } from 'vitest';
import { EMPTY_AGENT_DRAFT, applyTemplate, validateAgentDraft } from './agent-form';
import type { AgentTemplate } from '../types';

const architect: AgentTemplate = {
  id: 'architect',
  name: 'Architect',
  role: 'architect',
  description: 'Designs the system',
  runtime: 'llm',
  provider: 'ollama',
  model: 'qwen2.5-coder',
  systemPrompt: 'You design systems.',
};

describe('agent form', () => {
  it('fills a draft from a template without overwriting a typed name', () => {
    const draft = applyTemplate({ ...EMPTY_AGENT_DRAFT, name: 'Ada' }, architect);
    expect(draft).toMatchObject({ name: 'Ada', role: 'architect', provider: 'ollama', templateId: 'architect' });
    expect(applyTemplate(EMPTY_AGENT_DRAFT, architect).name).toBe('Architect');
  });

  it('turns a valid draft into input with numbers and nulls', () => {
    const result = validateAgentDraft({ ...applyTemplate(EMPTY_AGENT_DRAFT, architect), temperature: '0.2', maxTokens: '4096' });
    expect(result).toEqual({
      ok: true,
      input: {
        name: 'Architect',
        role: 'architect',
        templateId: 'architect',
        runtime: 'llm',
        provider: 'ollama',
        model: 'qwen2.5-coder',
        temperature: 0.2,
        maxTokens: 4096,
        systemPrompt: 'You design systems.',
        command: null,
      },
    });
  });

  it('names each invalid field', () => {
    const result = validateAgentDraft({ ...EMPTY_AGENT_DRAFT, runtime: 'cli', temperature: 'hot', maxTokens: '1.5' });
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Name is required.',
        role: 'Role is required.',
        command: 'Command is required for a CLI agent.',
        temperature: 'Temperature must be a number from 0 to 2.',
        maxTokens: 'Max tokens must be a whole number above 0.',
      },
    });
  });
});
