import type { AgentTemplate, TeamTemplate, TemplateSummary, WorkflowSummary, WorkflowTemplate } from './schema';

/** Every loaded and cross-checked template, with lookups by id. */
export interface TemplateCatalog {
  /** The directory the templates were loaded from. */
  readonly dir: string;
  readonly agentTemplates: readonly AgentTemplate[];
  readonly teams: readonly TeamTemplate[];
  readonly workflows: readonly WorkflowTemplate[];
  getAgentTemplate(id: string): AgentTemplate | undefined;
  getTeam(id: string): TeamTemplate | undefined;
  getWorkflow(id: string): WorkflowTemplate | undefined;
  listAgentTemplates(): TemplateSummary[];
  listTeams(): TemplateSummary[];
  listWorkflows(): WorkflowSummary[];
}

const summary = (template: TemplateSummary): TemplateSummary => ({
  id: template.id,
  name: template.name,
  description: template.description,
  version: template.version,
});

const byId = <T extends { id: string }>(items: readonly T[]): ReadonlyMap<string, T> => new Map(items.map((item) => [item.id, item]));

/** Lists are sorted by id so API responses do not depend on directory order. */
export function createTemplateCatalog(
  dir: string,
  agentTemplates: readonly AgentTemplate[],
  teams: readonly TeamTemplate[],
  workflows: readonly WorkflowTemplate[],
): TemplateCatalog {
  const sorted = <T extends { id: string }>(items: readonly T[]): readonly T[] => [...items].sort((a, b) => a.id.localeCompare(b.id));
  const agentList = sorted(agentTemplates);
  const teamList = sorted(teams);
  const workflowList = sorted(workflows);
  const agentsById = byId(agentList);
  const teamsById = byId(teamList);
  const workflowsById = byId(workflowList);

  return {
    dir,
    agentTemplates: agentList,
    teams: teamList,
    workflows: workflowList,
    getAgentTemplate: (id) => agentsById.get(id),
    getTeam: (id) => teamsById.get(id),
    getWorkflow: (id) => workflowsById.get(id),
    listAgentTemplates: () => agentList.map(summary),
    listTeams: () => teamList.map(summary),
    listWorkflows: () => workflowList.map((workflow) => ({ ...summary(workflow), team: workflow.team, stepCount: workflow.steps.length })),
  };
}
