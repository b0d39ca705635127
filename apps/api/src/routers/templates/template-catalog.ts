import { AppError, type RenderTemplateInput, type ValidateTeamInput } from '@quarterdeck/contracts';
import {
  MissingVariablesError,
  renderTemplate,
  renderWorkflow,
  validateTeamForWorkflow,
  type TemplateCatalog,
} from '@quarterdeck/contracts/templates';

export function getWorkflow(catalog: TemplateCatalog, workflowId: string) {
  const workflow = catalog.getWorkflow(workflowId);
  if (!workflow) throw new AppError('NOT_FOUND', `No workflow template is called "${workflowId}".`, { field: 'workflowId' });
  return workflow;
}

export function getTeam(catalog: TemplateCatalog, teamId: string) {
  const team = catalog.getTeam(teamId);
  if (!team) throw new AppError('NOT_FOUND', `No team template is called "${teamId}".`, { field: 'teamId' });
  return team;
}

export function getAgentTemplate(catalog: TemplateCatalog, templateId: string) {
  const template = catalog.getAgentTemplate(templateId);
  if (!template) throw new AppError('NOT_FOUND', `No agent template is called "${templateId}".`, { field: 'templateId' });
  return template;
}

/**
 * Renders a workflow (every step's instructions) or an agent template (its system prompt)
 * with the given variables. Missing variables are a bad input naming them, not a crash.
 */
export function renderCatalogTemplate(catalog: TemplateCatalog, input: RenderTemplateInput) {
  const workflow = catalog.getWorkflow(input.templateId);
  if (workflow) {
    return missingVariablesAsBadRequest(() => ({
      kind: 'workflow' as const,
      templateId: workflow.id,
      workflow: renderWorkflow(workflow, input.variables),
    }));
  }
  const agent = catalog.getAgentTemplate(input.templateId);
  if (!agent) throw new AppError('NOT_FOUND', `No workflow or agent template is called "${input.templateId}".`, { field: 'templateId' });
  return missingVariablesAsBadRequest(() => {
    const rendered = renderTemplate(agent.systemPrompt, input.variables);
    return { kind: 'agent' as const, templateId: agent.id, systemPrompt: rendered.text, variablesUsed: rendered.variablesUsed };
  });
}

function missingVariablesAsBadRequest<T>(render: () => T): T {
  try {
    return render();
  } catch (error) {
    if (!(error instanceof MissingVariablesError)) throw error;
    throw new AppError('BAD_REQUEST', error.message, {
      issues: error.missing.map((name) => ({ path: `variables.${name}`, message: 'is required by the template' })),
    });
  }
}

export function validateTeam(catalog: TemplateCatalog, input: ValidateTeamInput) {
  const team = getTeam(catalog, input.teamId);
  const workflow = getWorkflow(catalog, input.workflowId);
  return { teamId: team.id, workflowId: workflow.id, ...validateTeamForWorkflow(team, workflow, catalog.agentTemplates) };
}
