import { describe, expect, it } from 'vitest';
import { validateNewProject } from './project-form';

const templates = ['software-delivery', 'idea-to-spec'];

describe('validateNewProject', () => {
  it('accepts an idea with a known template and trims the fields', () => {
    expect(
      validateNewProject(
        {
          name: '  Night shift habits ',
          productIdea: ' A habit-tracking app for nurses on night shift ',
          workflowTemplateId: 'idea-to-spec',
        },
        templates,
      ),
    ).toEqual({
      ok: true,
      input: {
        name: 'Night shift habits',
        productIdea: 'A habit-tracking app for nurses on night shift',
        workflowTemplateId: 'idea-to-spec',
      },
    });
  });

  it('names every field that is wrong', () => {
    const result = validateNewProject({ name: 'x'.repeat(121), productIdea: 'app', workflowTemplateId: 'nope' }, templates);
    expect(result).toEqual({
      ok: false,
      errors: {
        name: 'Name must be at most 120 characters.',
        productIdea: 'Product idea must be at least 10 characters.',
        workflowTemplateId: 'Workflow template: choose one from the list.',
      },
    });
  });

  it('requires an idea', () => {
    const result = validateNewProject({ name: '', productIdea: '  ', workflowTemplateId: 'software-delivery' }, templates);
    expect(!result.ok && result.errors.productIdea).toBe('Product idea is required.');
  });
});
