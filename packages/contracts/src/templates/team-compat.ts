import type { AgentTemplate, TeamTemplate, WorkflowStep, WorkflowTemplate } from './schema';
import { computeWaves } from './waves';

export interface TeamCompatibility {
  /** False when some step's role (or discussion participant) has no agent in the team. */
  compatible: boolean;
  /** Roles the workflow needs that the team lacks, sorted. */
  missingRoles: string[];
  warnings: string[];
  recommendations: string[];
}

/** The roles a step needs: its own, plus every participant of a discussion. */
export function rolesOfStep(step: WorkflowStep): string[] {
  return [...new Set([step.role, ...(step.discussion?.participants ?? [])])];
}

/**
 * Whether `team` can run `workflow`, given the agent templates its members refer to.
 * Incompatible means a run would stall forever on a step nobody can take; warnings mean it
 * runs, but worse than the workflow allows (e.g. parallel steps queued behind one agent).
 * The workflow's step graph must be valid (the loader guarantees it for loaded templates).
 */
export function validateTeamForWorkflow(
  team: TeamTemplate,
  workflow: WorkflowTemplate,
  agents: readonly AgentTemplate[],
): TeamCompatibility {
  const agentsById = new Map(agents.map((agent) => [agent.id, agent]));
  const warnings: string[] = [];
  const recommendations: string[] = [];

  const agentsPerRole = new Map<string, number>();
  for (const member of team.agents) {
    const agent = agentsById.get(member.agent);
    if (agent === undefined) {
      warnings.push(`team "${team.id}" lists agent template "${member.agent}", which does not exist; it is ignored`);
      continue;
    }
    agentsPerRole.set(agent.role, (agentsPerRole.get(agent.role) ?? 0) + member.count);
  }

  const stepsPerRole = new Map<string, string[]>();
  for (const step of workflow.steps) {
    for (const role of rolesOfStep(step)) stepsPerRole.set(role, [...(stepsPerRole.get(role) ?? []), step.id]);
  }

  const missingRoles = [...stepsPerRole.keys()].filter((role) => !agentsPerRole.has(role)).sort();
  for (const role of missingRoles) {
    const candidates = agents.filter((agent) => agent.role === role).map((agent) => agent.id);
    const suggestion = candidates.length > 0 ? ` (agent template ${candidates.map((id) => `"${id}"`).join(' or ')})` : '';
    const steps = (stepsPerRole.get(role) ?? []).join(', ');
    recommendations.push(`add an agent with role "${role}"${suggestion}; needed by step ${steps}`);
  }

  warnings.push(...parallelismWarnings(workflow, agentsPerRole, recommendations));

  for (const member of team.agents) {
    const agent = agentsById.get(member.agent);
    if (agent !== undefined && !stepsPerRole.has(agent.role)) {
      recommendations.push(
        `agent template "${agent.id}" (role "${agent.role}") is not used by workflow "${workflow.id}"; ` + 'it can be left out of the team',
      );
    }
  }

  return { compatible: missingRoles.length === 0, missingRoles, warnings, recommendations };
}

/** One warning per role whose widest wave has more steps of that role than the team has agents. */
function parallelismWarnings(workflow: WorkflowTemplate, agentsPerRole: ReadonlyMap<string, number>, recommendations: string[]): string[] {
  const roleOf = new Map(workflow.steps.map((step) => [step.id, step.role]));
  const widest = new Map<string, string[]>();
  for (const wave of computeWaves(workflow)) {
    const byRole = new Map<string, string[]>();
    for (const id of wave) {
      const role = roleOf.get(id) ?? '';
      byRole.set(role, [...(byRole.get(role) ?? []), id]);
    }
    for (const [role, ids] of byRole) {
      if (ids.length > (widest.get(role)?.length ?? 0)) widest.set(role, ids);
    }
  }

  const warnings: string[] = [];
  for (const [role, ids] of widest) {
    const available = agentsPerRole.get(role) ?? 0;
    // A role with no agent at all is already reported as missing.
    if (available === 0 || available >= ids.length) continue;
    const agentsNoun = available === 1 ? 'agent' : 'agents';
    warnings.push(
      `${ids.length} "${role}" steps can run in parallel (${ids.join(', ')}) ` +
        `but the team has ${available} "${role}" ${agentsNoun}; they will queue`,
    );
    recommendations.push(`raise the "${role}" count to ${ids.length} to run ${ids.join(', ')} at the same time`);
  }
  return warnings;
}
