import type { TeamTemplate, TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Work } from '../unit-of-work/transaction';

// How agents relate to projects (one model, applied everywhere):
// - An agent either belongs to a project (`projectId` set) or is shared (`projectId` null).
// - A project's team template makes its own agents for it, named after the template and the
//   project ("Coder 2 · Habit tracker") so agents of different projects can be told apart.
//   A second run of another workflow adds agents only for roles the project lacks.
// - Deleting a project deletes the agents that belong to it; shared agents stay.
// - The scheduler gives a task to the project's own agents first, then to shared ones.

const PROJECT_LABEL_CHARS = 28;

/** The short form of a project name used in its agents' names: cut at a word, at most 28 characters. */
export function projectLabel(projectName: string): string {
  const name = projectName.trim().replace(/\s+/g, ' ').replace(/…$/, '');
  if (name.length <= PROJECT_LABEL_CHARS) return name;
  const cut = name.slice(0, PROJECT_LABEL_CHARS);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > 10 ? cut.slice(0, lastSpace) : cut).trim()}…`;
}

export function teamAgentName(templateName: string, index: number, count: number, projectName: string): string {
  return `${count > 1 ? `${templateName} ${index}` : templateName} · ${projectLabel(projectName)}`;
}

/** Creates the project's own agents for every role of the team that the project has none for. */
export async function createTeamAgents(
  w: Work,
  catalog: TemplateCatalog,
  team: TeamTemplate,
  project: { id: string; name: string },
): Promise<number> {
  const existing = await w.tx.agent.findMany({ where: { projectId: project.id }, select: { role: true } });
  const covered = new Set(existing.map((agent) => agent.role));
  let created = 0;
  for (const member of team.agents) {
    const template = catalog.getAgentTemplate(member.agent);
    if (!template || covered.has(template.role)) continue;
    for (let index = 1; index <= member.count; index += 1) {
      const agent = await w.tx.agent.create({
        data: {
          name: teamAgentName(template.name, index, member.count, project.name),
          role: template.role,
          persona: template.persona,
          description: template.description,
          templateId: template.id,
          runtime: template.runtime,
          provider: template.provider,
          model: template.model,
          temperature: template.temperature,
          maxTokens: template.maxTokens,
          systemPrompt: template.systemPrompt,
          capabilities: template.capabilities,
          command: template.command ?? null,
          projectId: project.id,
          statusHistory: { create: { status: 'idle', reason: `created for project "${project.name}"` } },
        },
        select: { id: true, name: true, role: true, runtime: true, provider: true, model: true },
      });
      w.emit({
        type: 'agent.created',
        agentId: agent.id,
        projectId: project.id,
        payload: { name: agent.name, role: agent.role, runtime: agent.runtime, provider: agent.provider, model: agent.model },
      });
      w.emit({ type: 'agent.assigned', agentId: agent.id, projectId: project.id, payload: { projectId: project.id } });
      created += 1;
    }
    covered.add(template.role);
  }
  return created;
}
