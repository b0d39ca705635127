import { describe, expect, it } from 'vitest';
import type { WorkflowTemplate } from './index';
import { MissingVariablesError, defaultTemplatesDir, loadTemplates, renderTemplate, renderWorkflow } from './index';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('renderTemplate', () => {
  it('replaces placeholders, with or without inner spaces, and reports the variables used', () => {
    const result = renderTemplate('Build {{project_name}}: {{ product_idea }} ({{project_name}}, v{{version}})', {
      project_name: 'Nightshift',
      product_idea: 'habits for nurses',
      version: 2,
      unused: 'x',
    });

    expect(result.text).toBe('Build Nightshift: habits for nurses (Nightshift, v2)');
    expect(result.variablesUsed).toEqual(['project_name', 'product_idea', 'version']);
  });

  it('names every missing variable', () => {
    const error = thrown(() => renderTemplate('{{b}} {{a}} {{present}} {{b}}', { present: 'yes' }));

    expect(error).toBeInstanceOf(MissingVariablesError);
    expect(error).toMatchObject({ missing: ['a', 'b'], message: 'Missing template variables: a, b' });
  });

  it('does not expand placeholders that arrive inside a value', () => {
    const result = renderTemplate('Idea: {{idea}}', { idea: 'templating with {{braces}}' });
    expect(result.text).toBe('Idea: templating with {{braces}}');
  });
});

describe('renderWorkflow', () => {
  const load = async (id: string): Promise<WorkflowTemplate> => {
    const workflow = (await loadTemplates(defaultTemplatesDir())).getWorkflow(id);
    if (!workflow) throw new Error(`${id} is not shipped`);
    return workflow;
  };

  it('applies declared defaults and renders every step', async () => {
    const rendered = renderWorkflow(await load('software-delivery'), { product_idea: 'A habit tracker for night-shift nurses' });

    expect(rendered.values).toMatchObject({
      product_idea: 'A habit tracker for night-shift nurses',
      project_name: 'Untitled project',
    });
    expect(rendered.steps[0]?.instructions).toContain('Product idea: A habit tracker for night-shift nurses');
    expect(rendered.steps.every((step) => !step.instructions.includes('{{'))).toBe(true);
    expect(rendered.variablesUsed).toEqual(['product_idea', 'project_name', 'target_users', 'tech_constraints']);
  });

  it('lets supplied values override defaults and lists undeclared ones as ignored', async () => {
    const rendered = renderWorkflow(await load('idea-to-spec'), { product_idea: 'x', project_name: 'Nightshift', colour: 'red' });

    expect(rendered.steps[1]?.instructions).toContain('Project: Nightshift');
    expect(rendered.ignoredVariables).toEqual(['colour']);
  });

  it('names a missing required variable and the steps that use it', async () => {
    const workflow = await load('software-delivery');

    const error = thrown(() => renderWorkflow(workflow, { project_name: 'Nightshift' }));

    expect(error).toBeInstanceOf(MissingVariablesError);
    expect(error).toMatchObject({
      missing: ['product_idea'],
      message: 'Missing template variables: product_idea (used by step analyst)',
    });
  });

  it('treats a blank required variable as missing', async () => {
    const workflow = await load('idea-to-spec');
    expect(thrown(() => renderWorkflow(workflow, { product_idea: '   ' }))).toMatchObject({ missing: ['product_idea'] });
  });

  it('does not change the template it renders', async () => {
    const workflow = await load('idea-to-spec');
    renderWorkflow(workflow, { product_idea: 'x' });
    expect(workflow.steps[0]?.instructions).toContain('{{product_idea}}');
  });
});
