import type { Handoff } from '@quarterdeck/contracts';
import { describe, expect, it } from 'vitest';
import { assembleContext, describeTrimming } from './assemble';

const agent = { name: 'Ada', role: 'architect', systemPrompt: 'You are the Architect.', persona: 'Calm and precise.' };
const step = { id: 'plan', role: 'architect', instructions: 'Plan the build.', produces: 'implementation_plan' as const };
const requirements = (size: number): Handoff => ({
  projectId: '00000000-0000-4000-8000-000000000000',
  sourceAgent: 'product_manager',
  targetAgent: 'architect',
  handoffType: 'product_requirements',
  content: { release_goal: 'x'.repeat(size), features: [], out_of_scope: [], success_metrics: [] },
});

describe('assembleContext', () => {
  it('puts role prompt and persona in the system message, idea, step, inputs and feedback in the user message', () => {
    const { messages, trimming } = assembleContext({
      agent,
      step,
      productIdea: 'A tide-table app',
      inputs: [requirements(20)],
      feedback: 'The reviewer wants a database schema.',
      schemaInPrompt: null,
      contextSize: 8_000,
      replyTokens: 1_000,
    });
    expect(trimming).toBeNull();
    expect(messages[0]?.content).toContain('You are the Architect.');
    expect(messages[0]?.content).toContain('Calm and precise.');
    expect(messages[0]?.content).toContain('"implementation_plan" handoff');
    const user = messages[1]?.content ?? '';
    expect(user).toContain('A tide-table app');
    expect(user).toContain('Plan the build.');
    expect(user).toContain('# Input: product_requirements (from product_manager)');
    expect(user).toContain('The reviewer wants a database schema.');
  });

  it('trims the largest input to fit the context, keeps the instructions, and records what it cut', () => {
    const { messages, trimming } = assembleContext({
      agent,
      step,
      productIdea: 'A tide-table app',
      inputs: [requirements(40_000)],
      feedback: null,
      schemaInPrompt: null,
      contextSize: 4_000,
      replyTokens: 1_000,
    });
    expect(trimming).not.toBeNull();
    expect(trimming?.parts.map((part) => part.part)).toEqual(['input product_requirements']);
    expect(trimming?.estimatedTokensAfter).toBeLessThanOrEqual(3_000);
    const total = messages.reduce((sum, message) => sum + message.content.length, 0);
    expect(total / 4).toBeLessThanOrEqual(3_000);
    expect(messages[1]?.content).toContain('Plan the build.');
    expect(messages[1]?.content).toContain("characters trimmed to fit the model's context]");
    if (!trimming) throw new Error('expected a trimming record');
    expect(describeTrimming(trimming)[1]).toMatch(/^\[context\] trimmed input product_requirements by \d+ characters$/);
  });
});
