import { z } from 'zod';
import { identifier, templateVariables } from '../primitives';

// The file-based template catalogue (workflows, teams, templates): the catalogue itself is
// parsed by `@quarterdeck/contracts/templates`; these are the inputs of its endpoints.

export const renderTemplateInput = z.strictObject({
  templateId: identifier,
  variables: templateVariables.default({}),
});
export type RenderTemplateInput = z.infer<typeof renderTemplateInput>;

/** Does this team have an agent for every role this workflow's steps name? */
export const validateTeamInput = z.strictObject({
  teamId: identifier,
  workflowId: identifier,
});
export type ValidateTeamInput = z.infer<typeof validateTeamInput>;

export const templateIdInput = z.strictObject({ templateId: identifier });
export type TemplateIdInput = z.infer<typeof templateIdInput>;

export const workflowIdInput = z.strictObject({ workflowId: identifier });
export type WorkflowIdInput = z.infer<typeof workflowIdInput>;

export const teamIdInput = z.strictObject({ teamId: identifier });
export type TeamIdInput = z.infer<typeof teamIdInput>;
