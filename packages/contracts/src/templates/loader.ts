/**
 * Loads `agents/`, `teams/` and `workflows/` from a templates directory, validates each
 * file, cross-checks them against each other and either returns a catalog or throws one
 * TemplateLoadError listing every problem as `file:line:column field: message`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { z } from 'zod';
import type { TemplateCatalog } from './catalog';
import { createTemplateCatalog } from './catalog';
import type { TemplateIssue } from './issues';
import { TemplateLoadError } from './issues';
import type { AgentTemplate, TeamTemplate, TemplateKind, WorkflowTemplate } from './schema';
import { agentTemplateSchema, teamTemplateSchema, workflowTemplateSchema } from './schema';
import { rolesOfStep, validateTeamForWorkflow } from './team-compat';
import { validateWorkflowStructure } from './workflow-checks';
import type { YamlSource } from './yaml-source';
import { parseYamlSource } from './yaml-source';

interface Loaded<T> {
  value: T;
  source: YamlSource;
}

/** The valid templates of one kind, plus the ids of files that failed validation. */
interface KindResult<T> {
  loaded: Loaded<T>[];
  /** References to these ids are not reported again: the broken file already is. */
  brokenIds: Set<string>;
}

export async function loadTemplates(dir: string): Promise<TemplateCatalog> {
  const isDirectory = await stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new TemplateLoadError([{ file: dir, line: 1, column: 1, field: '(directory)', message: 'templates directory not found' }]);
  }

  const issues: TemplateIssue[] = [];
  const agents = parseKind(await readSources(dir, 'agents'), agentTemplateSchema, issues);
  const teams = parseKind(await readSources(dir, 'teams'), teamTemplateSchema, issues);
  const workflows = parseKind(await readSources(dir, 'workflows'), workflowTemplateSchema, issues);

  issues.push(...checkTeams(teams, agents), ...checkWorkflows(workflows, teams, agents));

  if (issues.length > 0) {
    issues.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    throw new TemplateLoadError(issues);
  }
  const values = <T>(result: KindResult<T>): T[] => result.loaded.map((item) => item.value);
  return createTemplateCatalog(dir, values(agents), values(teams), values(workflows));
}

async function readSources(dir: string, kind: TemplateKind): Promise<YamlSource[]> {
  const folder = join(dir, kind);
  // A kind with no folder simply has no templates; a catalog may hold only some kinds.
  const names = await readdir(folder).catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  });
  const files = names.filter((name) => ['.yaml', '.yml'].includes(extname(name))).sort();
  return Promise.all(
    files.map(async (name) => {
      const file = join(folder, name);
      return parseYamlSource(file, await readFile(file, 'utf8'));
    }),
  );
}

function parseKind<T extends { id: string }>(sources: readonly YamlSource[], schema: z.ZodType<T>, issues: TemplateIssue[]): KindResult<T> {
  const result: KindResult<T> = { loaded: [], brokenIds: new Set() };
  const fileOfId = new Map<string, string>();

  for (const source of sources) {
    if (source.syntaxIssues.length > 0) {
      issues.push(...source.syntaxIssues);
      continue;
    }
    const parsed = schema.safeParse(source.data, { reportInput: true });
    if (!parsed.success) {
      issues.push(...parsed.error.issues.flatMap((issue) => toTemplateIssues(source, issue)));
      const id = idOf(source.data);
      if (id !== undefined) result.brokenIds.add(id);
      continue;
    }

    const template = parsed.data;
    // The file name is the id, so a template can be found on disk from an id in the UI.
    const expected = basename(source.file, extname(source.file));
    if (template.id !== expected) {
      issues.push(source.issueAt(['id'], `id "${template.id}" must match the file name "${expected}"`));
      result.brokenIds.add(template.id).add(expected);
      continue;
    }
    const earlier = fileOfId.get(template.id);
    if (earlier !== undefined) {
      issues.push(source.issueAt(['id'], `duplicate id "${template.id}" (also defined in ${earlier})`));
      continue;
    }
    fileOfId.set(template.id, source.file);
    result.loaded.push({ value: template, source });
  }
  return result;
}

function checkTeams(teams: KindResult<TeamTemplate>, agents: KindResult<AgentTemplate>): TemplateIssue[] {
  const agentIds = new Set(agents.loaded.map((agent) => agent.value.id));
  return teams.loaded.flatMap(({ value: team, source }) => {
    const seen = new Set<string>();
    return team.agents.flatMap((member, index): TemplateIssue[] => {
      const path = ['agents', index, 'agent'];
      if (seen.has(member.agent)) {
        return [source.issueAt(path, `agent template "${member.agent}" is listed twice; use count instead`)];
      }
      seen.add(member.agent);
      if (agentIds.has(member.agent) || agents.brokenIds.has(member.agent)) return [];
      return [source.issueAt(path, `unknown agent template "${member.agent}"; known: ${list(agentIds)}`)];
    });
  });
}

function checkWorkflows(
  workflows: KindResult<WorkflowTemplate>,
  teams: KindResult<TeamTemplate>,
  agents: KindResult<AgentTemplate>,
): TemplateIssue[] {
  const teamsById = new Map(teams.loaded.map((team) => [team.value.id, team.value]));
  const agentList = agents.loaded.map((agent) => agent.value);
  const agentIds = new Set(agentList.map((agent) => agent.id));
  const knownRoles = new Set(agentList.map((agent) => agent.role));
  // With a broken agent file we cannot know every role, so role checks would only add noise.
  const rolesComplete = agents.brokenIds.size === 0;

  return workflows.loaded.flatMap(({ value: workflow, source }) => {
    const issues = validateWorkflowStructure(workflow).map((problem) => source.issueAt(problem.path, problem.message));

    if (rolesComplete) {
      const unknownRole = (role: string): string => `no agent template has role "${role}"; roles: ${list(knownRoles)}`;
      workflow.steps.forEach((step, index) => {
        if (!knownRoles.has(step.role)) issues.push(source.issueAt(['steps', index, 'role'], unknownRole(step.role)));
        step.discussion?.participants.forEach((role, roleIndex) => {
          if (knownRoles.has(role)) return;
          issues.push(source.issueAt(['steps', index, 'discussion', 'participants', roleIndex], unknownRole(role)));
        });
      });
    }

    const team = teamsById.get(workflow.team);
    if (team === undefined) {
      if (!teams.brokenIds.has(workflow.team)) {
        issues.push(source.issueAt(['team'], `unknown team "${workflow.team}"; teams: ${list(teamsById.keys())}`));
      }
    } else if (issues.length === 0 && rolesComplete && team.agents.every((member) => agentIds.has(member.agent))) {
      // The default team must be able to run the workflow, or every run started with defaults
      // stalls. Skipped while the team has dangling members: that is reported on the team.
      const compatibility = validateTeamForWorkflow(team, workflow, agentList);
      for (const role of compatibility.missingRoles) {
        const steps = workflow.steps.filter((step) => rolesOfStep(step).includes(role)).map((step) => step.id);
        issues.push(source.issueAt(['team'], `team "${team.id}" has no agent with role "${role}", needed by step ${steps.join(', ')}`));
      }
    }
    return issues;
  });
}

/** A zod issue in the wording of the YAML file; an unknown-keys issue becomes one per key. */
function toTemplateIssues(source: YamlSource, issue: z.core.$ZodIssue): TemplateIssue[] {
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => source.issueAt([...path, key], `unknown field "${key}"`));
    case 'invalid_type': {
      if (path.length === 0) return [source.issueAt(path, `expected a mapping of fields, got ${describe(issue.input)}`)];
      if (issue.input === undefined) return [source.issueAt(path, `is required (${issue.expected})`)];
      if (issue.input === null) return [source.issueAt(path, `is empty; expected ${issue.expected}`)];
      // Custom messages (e.g. version's "must be a quoted string") are more useful than the generic one.
      const generic = issue.message.startsWith('Invalid input');
      return [source.issueAt(path, generic ? `expected ${issue.expected}, got ${describe(issue.input)}` : issue.message)];
    }
    case 'invalid_value':
      const options = issue.values.map((value) => JSON.stringify(value)).join(', ');
      return [source.issueAt(path, `must be one of ${options}; got ${describe(issue.input)}`)];
    case 'invalid_key':
      return [source.issueAt(path, issue.issues.map((inner) => inner.message).join('; '))];
    default:
      return [source.issueAt(path, issue.message)];
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${value}`;
  return typeof value;
}

function idOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('id' in data)) return undefined;
  return typeof data.id === 'string' ? data.id : undefined;
}

function list(values: Iterable<string>): string {
  const items = [...values];
  return items.length === 0 ? '(none)' : items.map((value) => `"${value}"`).join(', ');
}
