import type { NewProjectInput } from '../types';

// Creating a project from an idea: the idea is what the analyst starts from, so it must
// say something; the name is optional (the API derives one from the idea when empty).

export const MIN_IDEA_LENGTH = 10;
export const MAX_NAME_LENGTH = 120;

export type NewProjectErrors = Partial<Record<keyof NewProjectInput, string>>;

export type NewProjectValidation = { ok: true; input: NewProjectInput } | { ok: false; errors: NewProjectErrors };

export function validateNewProject(draft: NewProjectInput, templateIds: readonly string[]): NewProjectValidation {
  const errors: NewProjectErrors = {};
  const name = draft.name.trim();
  const productIdea = draft.productIdea.trim();

  if (productIdea.length === 0) errors.productIdea = 'Product idea is required.';
  else if (productIdea.length < MIN_IDEA_LENGTH) {
    errors.productIdea = `Product idea must be at least ${MIN_IDEA_LENGTH} characters.`;
  }
  if (name.length > MAX_NAME_LENGTH) errors.name = `Name must be at most ${MAX_NAME_LENGTH} characters.`;
  if (!templateIds.includes(draft.workflowTemplateId)) errors.workflowTemplateId = 'Workflow template: choose one from the list.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: { name, productIdea, workflowTemplateId: draft.workflowTemplateId } };
}
