import { describe, expect, it } from 'vitest';
import type { TeamTemplate, TemplateCatalog, WorkflowTemplate } from './index';
import { defaultTemplatesDir, loadTemplates, validateTeamForWorkflow } from './index';

async function shipped(): Promise<{
  catalog: TemplateCatalog;
  workflow: (id: string) => WorkflowTemplate;
  team: (id: string) => TeamTemplate;
}> {
  const catalog = await loadTemplates(defaultTemplatesDir());
  return {
    catalog,
    workflow: (id) => catalog.getWorkflow(id) ?? expect.fail(`workflow ${id} is not shipped`),
    team: (id) => catalog.getTeam(id) ?? expect.fail(`team ${id} is not shipped`),
  };
}

describe('validateTeamForWorkflow', () => {
  it('accepts each shipped workflow with its default team, without warnings', async () => {
    const { catalog, team } = await shipped();
    for (const workflow of catalog.workflows) {
      expect(validateTeamForWorkflow(team(workflow.team), workflow, catalog.agentTemplates)).toEqual({
        compatible: true,
        missingRoles: [],
        warnings: [],
        recommendations: [],
      });
    }
  });

  it('flags every role the team lacks and suggests the agent template that has it', async () => {
    const { catalog, workflow, team } = await shipped();

    const result = validateTeamForWorkflow(team('idea-to-spec-team'), workflow('software-delivery'), catalog.agentTemplates);

    expect(result.compatible).toBe(false);
    expect(result.missingRoles).toEqual(['architect', 'coder', 'qa']);
    expect(result.recommendations).toContain(
      'add an agent with role "coder" (agent template "coder"); needed by step coder-backend, coder-frontend, coder-tests',
    );
  });

  it('warns when parallel steps of one role outnumber the team agents of that role', async () => {
    const { catalog, workflow, team } = await shipped();
    const oneCoder: TeamTemplate = {
      ...team('software-delivery-team'),
      agents: team('software-delivery-team').agents.map((member) => (member.agent === 'coder' ? { ...member, count: 1 } : member)),
    };

    const result = validateTeamForWorkflow(oneCoder, workflow('software-delivery'), catalog.agentTemplates);

    expect(result.compatible).toBe(true);
    expect(result.warnings).toEqual([
      '3 "coder" steps can run in parallel (coder-backend, coder-frontend, coder-tests) but the team has 1 "coder" agent; they will queue',
    ]);
    expect(result.recommendations).toEqual([
      'raise the "coder" count to 3 to run coder-backend, coder-frontend, coder-tests at the same time',
    ]);
  });

  it('requires every discussion participant role, not only the facilitator', async () => {
    const { catalog, workflow, team } = await shipped();
    const panel = team('discussion-panel');
    const withoutQa: TeamTemplate = { ...panel, agents: panel.agents.filter((member) => member.agent !== 'quality_assurance') };

    const result = validateTeamForWorkflow(withoutQa, workflow('design-discussion'), catalog.agentTemplates);

    expect(result).toMatchObject({ compatible: false, missingRoles: ['quality_assurance'] });
  });

  it('recommends dropping agents the workflow never uses and warns about unknown agent templates', async () => {
    const { catalog, workflow, team } = await shipped();
    const padded: TeamTemplate = {
      ...team('idea-to-spec-team'),
      agents: [...team('idea-to-spec-team').agents, { agent: 'qa', count: 1 }, { agent: 'ghost', count: 1 }],
    };

    const result = validateTeamForWorkflow(padded, workflow('idea-to-spec'), catalog.agentTemplates);

    expect(result.compatible).toBe(true);
    expect(result.warnings).toEqual(['team "idea-to-spec-team" lists agent template "ghost", which does not exist; it is ignored']);
    expect(result.recommendations).toEqual([
      'agent template "qa" (role "qa") is not used by workflow "idea-to-spec"; it can be left out of the team',
    ]);
  });
});
