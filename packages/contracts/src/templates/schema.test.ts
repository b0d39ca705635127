import { describe, expect, it } from 'vitest';
import { agentTemplateSchema, workflowTemplateSchema } from './index';

describe('template schemas', () => {
  it('fill step defaults and turn snake_case keys into camelCase', () => {
    const workflow = workflowTemplateSchema.parse({
      id: 'w',
      name: 'W',
      version: '1',
      team: 't',
      variables: { idea: { required: true }, size: { default: 3 } },
      steps: [{ id: 's', name: 'S', role: 'coder', instructions: 'Do {{idea}}', produces: 'code_change', depends_on: [] }],
    });

    expect(workflow.variables).toEqual([
      { name: 'idea', description: '', required: true, default: undefined },
      { name: 'size', description: '', required: false, default: '3' },
    ]);
    expect(workflow.steps[0]).toMatchObject({
      consumes: [],
      dependsOn: [],
      requiresReview: false,
      retry: { maxAttempts: 3, backoffSeconds: 30 },
      critical: true,
      longRunning: false,
    });
  });

  it('reject an empty handoff type name', () => {
    const result = workflowTemplateSchema.safeParse({
      id: 'w',
      name: 'W',
      version: '1',
      team: 't',
      steps: [{ id: 's', name: 'S', role: 'coder', instructions: 'x', produces: ' ', consumes: [''] }],
    });

    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['steps.0.consumes.0', 'steps.0.produces']);
  });

  it('require a command for cli agents and default llm agents to the simulated provider', () => {
    const base = { id: 'c', name: 'C', role: 'coder', persona: 'p', system_prompt: 's' };

    expect(agentTemplateSchema.parse(base)).toMatchObject({ runtime: 'llm', provider: 'simulated', model: 'simulated' });
    expect(agentTemplateSchema.safeParse({ ...base, runtime: 'cli' }).error?.issues).toEqual([
      expect.objectContaining({ path: ['command'], message: 'is required when runtime is "cli"' }),
    ]);
    expect(agentTemplateSchema.parse({ ...base, runtime: 'cli', command: 'aider --yes' }).command).toBe('aider --yes');
  });
});
