import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handoffContentSchemas } from '../handoff';
import { DEFAULT_WORKFLOW_ID, defaultTemplatesDir, formatIssue, loadTemplates } from './index';
import { copyShippedTemplates, editFile, lineOf, loadIssues, makeTempDir, minimalCatalog, writeFiles } from './test-helpers';

const SOFTWARE_DELIVERY = 'workflows/software-delivery.yaml';

describe('the shipped templates', () => {
  it('load cleanly with every kind present', async () => {
    const catalog = await loadTemplates(defaultTemplatesDir());

    expect(catalog.listWorkflows().map((w) => w.id)).toEqual(['design-discussion', 'idea-to-spec', 'software-delivery']);
    expect(catalog.listTeams().map((t) => t.id)).toEqual(['discussion-panel', 'idea-to-spec-team', 'software-delivery-team']);
    expect(catalog.listAgentTemplates().map((a) => a.id)).toEqual([
      'analyst',
      'architect',
      'coder',
      'creative_strategist',
      'product_manager',
      'project_manager',
      'qa',
      'quality_assurance',
      'resource_coordinator',
      'technical_architect',
    ]);
  });

  it('make software-delivery the default, with human review of the spec and the plan', async () => {
    const catalog = await loadTemplates(defaultTemplatesDir());
    const workflow = catalog.getWorkflow(DEFAULT_WORKFLOW_ID);

    expect(workflow?.team).toBe('software-delivery-team');
    const reviewed = workflow?.steps.filter((step) => step.requiresReview).map((step) => step.id);
    expect(reviewed).toEqual(['analyst', 'architect']);
    expect(catalog.getTeam('software-delivery-team')?.agents).toContainEqual({ agent: 'coder', count: 3 });
  });

  it('give the discussion personas their names and the simulated provider by default', async () => {
    const catalog = await loadTemplates(defaultTemplatesDir());

    expect(catalog.getAgentTemplate('project_manager')?.name).toBe('Alex PM');
    expect(catalog.getAgentTemplate('technical_architect')?.name).toBe('Sam Tech');
    expect(catalog.getAgentTemplate('creative_strategist')?.name).toBe('Jordan Creative');
    expect(new Set(catalog.agentTemplates.map((agent) => agent.provider))).toEqual(new Set(['simulated']));
  });

  it('name only handoff types that have a content schema', async () => {
    const catalog = await loadTemplates(defaultTemplatesDir());
    const named = catalog.workflows.flatMap((workflow) => workflow.steps.flatMap((step) => [step.produces, ...step.consumes]));

    expect(named.filter((type) => !Object.hasOwn(handoffContentSchemas, type))).toEqual([]);
  });

  it('return undefined for unknown ids', async () => {
    const catalog = await loadTemplates(defaultTemplatesDir());

    expect(catalog.getWorkflow('nope')).toBeUndefined();
    expect(catalog.getTeam('nope')).toBeUndefined();
    expect(catalog.getAgentTemplate('nope')).toBeUndefined();
  });
});

describe('loadTemplates errors name the file, the line and the field', () => {
  it('reports a wrongly typed value where it is written', async () => {
    const dir = await copyShippedTemplates();
    const text = await editFile(dir, SOFTWARE_DELIVERY, (t) => t.replace('max_attempts: 2', 'max_attempts: two'));

    const issues = await loadIssues(dir);

    expect(issues).toHaveLength(1);
    const line = lineOf(text, 'max_attempts: two');
    expect(formatIssue(issues[0]!)).toBe(
      `${join(dir, SOFTWARE_DELIVERY)}:${line}:${text.split('\n')[line - 1]!.indexOf('max_attempts') + 1} steps[6].retry.max_attempts: expected number, got "two"`,
    );
  });

  it('reports a YAML syntax error with its line', async () => {
    const dir = await copyShippedTemplates();
    await writeFiles(dir, { 'teams/broken.yaml': 'id: broken\nname: Broken: team\nagents:\n  - agent: analyst\n' });

    const issues = await loadIssues(dir);

    expect(issues).toEqual([expect.objectContaining({ file: join(dir, 'teams/broken.yaml'), line: 2, column: 7, field: '(yaml)' })]);
  });

  it('reports a missing required field at the step that lacks it', async () => {
    const dir = await copyShippedTemplates();
    const text = await editFile(dir, SOFTWARE_DELIVERY, (t) => t.replace('    produces: qa_report\n', ''));

    const issues = await loadIssues(dir);

    expect(issues.map(formatIssue)).toEqual([
      `${join(dir, SOFTWARE_DELIVERY)}:${lineOf(text, '- id: qa')}:5 steps[6].produces: is required (string)`,
    ]);
  });

  it('reports a misspelt field instead of ignoring it', async () => {
    const dir = await copyShippedTemplates();
    const text = await editFile(dir, SOFTWARE_DELIVERY, (t) => t.replace('requires_review: true', 'requires_reveiw: true'));

    const issues = await loadIssues(dir);

    expect(issues[0]).toMatchObject({
      line: lineOf(text, 'requires_reveiw'),
      field: 'steps[0].requires_reveiw',
      message: 'unknown field "requires_reveiw"',
    });
  });

  it('reports every problem at once, sorted by file and line', async () => {
    const dir = await copyShippedTemplates();
    await editFile(dir, 'agents/qa.yaml', (t) => t.replace('temperature: 0.2', 'temperature: 7'));
    await editFile(dir, 'teams/idea-to-spec-team.yaml', (t) => t.replace('- agent: analyst', '- agent: analyst\n    count: 0'));

    const issues = await loadIssues(dir);

    expect(issues.map((issue) => [issue.file.slice(dir.length + 1), issue.field])).toEqual([
      ['agents/qa.yaml', 'temperature'],
      ['teams/idea-to-spec-team.yaml', 'agents[0].count'],
    ]);
  });

  it('requires the id to match the file name', async () => {
    const dir = await copyShippedTemplates();
    await editFile(dir, 'agents/coder.yaml', (t) => t.replace('id: coder', 'id: developer'));

    const issues = await loadIssues(dir);

    expect(issues).toEqual([expect.objectContaining({ field: 'id', line: 2, message: 'id "developer" must match the file name "coder"' })]);
  });

  it('reports a missing templates directory', async () => {
    const missing = join(await makeTempDir(), 'nowhere');
    const issues = await loadIssues(missing);
    expect(issues[0]).toMatchObject({ file: missing, message: 'templates directory not found' });
  });
});

describe('loadTemplates cross-checks', () => {
  it('names a dependency cycle and points at the edge that closes it', async () => {
    const dir = await makeTempDir();
    const workflow = `id: flow
name: Flow
version: "1"
team: crew
steps:
  - id: plan
    name: Plan
    role: worker
    instructions: Plan it.
    produces: plan
    depends_on: [check]
  - id: build
    name: Build
    role: worker
    instructions: Build it.
    produces: code
    depends_on: [plan]
  - id: check
    name: Check
    role: worker
    instructions: Check it.
    produces: report
    depends_on: [build]
`;
    await writeFiles(dir, minimalCatalog(['worker'], workflow));

    const issues = await loadIssues(dir);

    expect(issues).toEqual([
      expect.objectContaining({
        file: join(dir, 'workflows/flow.yaml'),
        line: lineOf(workflow, 'depends_on: [check]'),
        field: 'steps[0].depends_on[0]',
        message: 'dependency cycle: plan → check → build → plan',
      }),
    ]);
  });

  it('rejects duplicate step ids and dependencies on unknown steps', async () => {
    const dir = await copyShippedTemplates();
    await editFile(dir, SOFTWARE_DELIVERY, (t) =>
      t
        .replace('- id: coder-frontend', '- id: coder-backend')
        .replace('depends_on: [coder-backend, coder-frontend, coder-tests]', 'depends_on: [coder-backend, coder-ui, coder-tests]'),
    );

    const messages = (await loadIssues(dir)).map((issue) => `${issue.field}: ${issue.message}`);

    expect(messages).toEqual([
      'steps[4].id: duplicate step id "coder-backend" (steps[3] already uses it)',
      expect.stringMatching(/^steps\[6\]\.depends_on\[1\]: unknown step "coder-ui"; the steps are "analyst", /),
    ]);
  });

  it('requires every consumed handoff to be produced upstream, and names the producer', async () => {
    const dir = await copyShippedTemplates();
    const text = await editFile(dir, 'workflows/idea-to-spec.yaml', (t) => t.replace('    depends_on: [analyst]\n', ''));

    const issues = await loadIssues(dir);

    expect(issues.map(formatIssue)).toEqual([
      `${join(dir, 'workflows/idea-to-spec.yaml')}:${lineOf(text, 'consumes: [software_specification]')}:16 steps[1].consumes[0]: ` +
        'consumes "software_specification", which no step upstream of "product_manager" produces; step "analyst" produces it: add it to depends_on',
    ]);
  });

  it('requires instruction placeholders to be declared variables', async () => {
    const dir = await copyShippedTemplates();
    await editFile(dir, 'workflows/idea-to-spec.yaml', (t) => t.replace('Product idea: {{product_idea}}', 'Product idea: {{idea}}'));

    const issues = await loadIssues(dir);

    expect(issues).toEqual([
      expect.objectContaining({
        field: 'steps[0].instructions',
        message: 'uses {{idea}}, not declared under variables (declared: "product_idea", "project_name")',
      }),
    ]);
  });

  it('checks that teams name existing agents and workflows name existing teams', async () => {
    const dir = await copyShippedTemplates();
    await editFile(dir, 'teams/idea-to-spec-team.yaml', (t) => t.replace('- agent: product_manager', '- agent: product_owner'));
    await editFile(dir, 'workflows/design-discussion.yaml', (t) => t.replace('team: discussion-panel', 'team: panel'));

    const issues = await loadIssues(dir);

    expect(issues.map((issue) => [issue.file.slice(dir.length + 1), issue.field, issue.message])).toEqual([
      [
        'teams/idea-to-spec-team.yaml',
        'agents[1].agent',
        expect.stringMatching(/^unknown agent template "product_owner"; known: "analyst", /),
      ],
      ['workflows/design-discussion.yaml', 'team', expect.stringMatching(/^unknown team "panel"; teams: /)],
    ]);
  });

  it('rejects a step role no agent template has', async () => {
    const dir = await copyShippedTemplates();
    const text = await editFile(dir, SOFTWARE_DELIVERY, (t) => t.replace('role: qa', 'role: tester'));

    const issues = await loadIssues(dir);

    expect(issues).toEqual([
      expect.objectContaining({
        line: lineOf(text, 'role: tester'),
        field: 'steps[6].role',
        message: expect.stringContaining('no agent template has role "tester"'),
      }),
    ]);
  });

  it('rejects a workflow whose default team cannot staff it', async () => {
    const dir = await copyShippedTemplates();
    await editFile(dir, SOFTWARE_DELIVERY, (t) => t.replace('team: software-delivery-team', 'team: idea-to-spec-team'));

    const issues = await loadIssues(dir);

    expect(issues.map((issue) => issue.message)).toEqual([
      'team "idea-to-spec-team" has no agent with role "architect", needed by step architect',
      'team "idea-to-spec-team" has no agent with role "coder", needed by step coder-backend, coder-frontend, coder-tests',
      'team "idea-to-spec-team" has no agent with role "qa", needed by step qa',
    ]);
  });

  it('does not repeat a broken file as dangling references elsewhere', async () => {
    const dir = await copyShippedTemplates();
    await editFile(dir, 'agents/analyst.yaml', (t) => t.replace('runtime: llm', 'runtime: shell'));

    const issues = await loadIssues(dir);

    expect(issues.map((issue) => `${issue.field}: ${issue.message}`)).toEqual(['runtime: must be one of "llm", "cli"; got "shell"']);
  });
});
