import { z } from 'zod';
import { ProjectStatus } from '../enums';
import { entityId, identifier, optionalText, requiredText, templateVariables } from '../primitives';
import { paginationShape } from './pagination';
import { requireSomeChange } from './refinements';

// Projects: an idea becomes a project and (by default) a run of a workflow template.

/** Default workflow template, the same default the database column has. */
export const DEFAULT_WORKFLOW_TEMPLATE_ID = 'software-delivery';

/**
 * Bounded by their columns: `token_budget` is an int4 (2,147,483,647 tokens is more than two
 * billion, far past what one project spends), `cost_budget_usd` a numeric(12,4).
 */
export const MAX_TOKEN_BUDGET = 2_147_483_647;
export const MAX_COST_BUDGET_USD = 99_999_999;
const tokenBudget = z
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(MAX_TOKEN_BUDGET, `must be at most ${MAX_TOKEN_BUDGET}`);
const costBudgetUsd = z
  .number({ error: 'must be a number' })
  .min(0, 'must not be negative')
  .max(MAX_COST_BUDGET_USD, `must be at most ${MAX_COST_BUDGET_USD}`);
const repositoryUrl = z.url({ error: 'must be a URL' }).max(2_000);
const atlassianKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'must be a Jira / Confluence key such as QD or ENG_2');

export const createProjectInput = z.strictObject({
  productIdea: requiredText(20_000),
  /** Derived from the idea when left out. */
  name: requiredText(200).optional(),
  description: optionalText(10_000),
  workflowTemplateId: identifier.default(DEFAULT_WORKFLOW_TEMPLATE_ID),
  /** A team from the template; the template's default team when left out. */
  teamId: identifier.optional(),
  variables: templateVariables.optional(),
  tokenBudget: tokenBudget.optional(),
  costBudgetUsd: costBudgetUsd.optional(),
  repositoryUrl: repositoryUrl.optional(),
  jiraProjectKey: atlassianKey.optional(),
  confluenceSpaceKey: atlassianKey.optional(),
  /** Start a run of the template right away (the usual case); false only creates the project. */
  startRun: z.boolean().default(true),
});
export type CreateProjectInput = z.infer<typeof createProjectInput>;

/**
 * Status a person may set directly: pause, resume (active) or cancel. `completed` and
 * `failed` are outcomes the orchestrator decides, never something typed into a form.
 */
export const settableProjectStatus = ProjectStatus.extract(['active', 'paused', 'cancelled']);

export const updateProjectInput = z
  .strictObject({
    projectId: entityId,
    name: requiredText(200).optional(),
    description: optionalText(10_000).nullable(),
    status: settableProjectStatus.optional(),
    tokenBudget: tokenBudget.nullable().optional(),
    costBudgetUsd: costBudgetUsd.nullable().optional(),
    repositoryUrl: repositoryUrl.nullable().optional(),
    jiraProjectKey: atlassianKey.nullable().optional(),
    confluenceSpaceKey: atlassianKey.nullable().optional(),
  })
  .superRefine(requireSomeChange('projectId'));
export type UpdateProjectInput = z.infer<typeof updateProjectInput>;

export const listProjectsInput = z.strictObject({
  status: ProjectStatus.optional(),
  ...paginationShape,
});
export type ListProjectsInput = z.infer<typeof listProjectsInput>;

export const projectIdInput = z.strictObject({ projectId: entityId });
export type ProjectIdInput = z.infer<typeof projectIdInput>;
