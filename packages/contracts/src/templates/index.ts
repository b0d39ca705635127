/**
 * BMAD-style agent, team and workflow templates: schemas, the YAML loader, waves,
 * rendering and team compatibility. The loader uses node:fs; everything else is pure.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workflow a project runs when it names none (also the Prisma column default). */
export const DEFAULT_WORKFLOW_ID = 'software-delivery';

/** The repository's `templates/` folder, found relative to this file so any cwd works. */
export function defaultTemplatesDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../templates');
}

export type { TemplateCatalog } from './catalog';
export { createTemplateCatalog } from './catalog';
export type { DependencyNode } from './graph';
export { findCycle, upstreamOf } from './graph';
export type { FieldPath, TemplateIssue } from './issues';
export { TemplateLoadError, formatFieldPath, formatIssue } from './issues';
export { loadTemplates } from './loader';
export type { RenderResult, RenderedWorkflow, TemplateVariableValue, TemplateVariables } from './render';
export { MissingVariablesError, findPlaceholders, renderTemplate, renderWorkflow } from './render';
export type {
  AgentTemplate,
  ConsensusRule,
  DiscussionSettings,
  RetryPolicy,
  StepWatchdog,
  TeamMember,
  TeamTemplate,
  TemplateKind,
  TemplateSummary,
  WorkflowStep,
  WorkflowSummary,
  WorkflowTemplate,
  WorkflowVariable,
} from './schema';
export {
  CONSENSUS_RULES,
  TEMPLATE_KINDS,
  VARIABLE_NAME_PATTERN,
  agentTemplateSchema,
  teamTemplateSchema,
  templateSchemas,
  workflowTemplateSchema,
} from './schema';
export type { TeamCompatibility } from './team-compat';
export { rolesOfStep, validateTeamForWorkflow } from './team-compat';
export { WorkflowGraphError, computeWaves } from './waves';
export type { WorkflowProblem } from './workflow-checks';
export { validateWorkflowStructure } from './workflow-checks';
export type { YamlSource } from './yaml-source';
export { parseYamlSource } from './yaml-source';
