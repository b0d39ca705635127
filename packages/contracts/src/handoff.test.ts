import { describe, expect, it } from 'vitest';
import {
  artifactTypeOfHandoff,
  handoffContentSchemas,
  handoffJsonSchema,
  HandoffType,
  validateHandoff,
  validateHandoffContent,
} from './handoff';

const PROJECT_ID = '7f3c1a52-4b8e-4d7a-9c21-0e6b5f4a3d10';

const specification = {
  requirements: ['Nurses log habits in under 10 seconds'],
  user_stories: ['As a night-shift nurse I want a reminder at 3 a.m.'],
  high_level_features: ['Habit log', 'Reminders'],
  core_idea: 'A habit tracker for nurses on night shift',
};

const envelope = {
  projectId: PROJECT_ID,
  sourceAgent: 'analyst',
  targetAgent: 'architect',
  handoffType: 'software_specification',
  content: specification,
};

describe('validateHandoff', () => {
  it('returns the typed handoff for a valid envelope', () => {
    const result = validateHandoff(envelope);
    expect(result.ok).toBe(true);
    if (result.ok && result.value.handoffType === 'software_specification') {
      expect(result.value.content.core_idea).toBe('A habit tracker for nurses on night shift');
    }
  });

  it('names the content paths that are wrong', () => {
    const result = validateHandoff({
      ...envelope,
      content: { ...specification, user_stories: ['ok', 42], core_idea: '', extra: true },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'content.user_stories[1]', message: 'Invalid input: expected string, received number' },
        { path: 'content.core_idea', message: 'must not be empty' },
        { path: 'content.extra', message: 'is not a known field' },
      ],
    });
  });

  it('names an unknown handoff type before looking at the content', () => {
    const result = validateHandoff({ ...envelope, handoffType: 'spec', content: 'anything' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.path)).toEqual(['handoffType']);
  });

  it('refuses the seeds’ snake_case envelope keys, naming each', () => {
    const result = validateHandoff({
      project_id: PROJECT_ID,
      source_agent: 'analyst',
      target_agent: 'architect',
      handoff_type: 'software_specification',
      content: specification,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((error) => error.path)).toEqual(
        expect.arrayContaining(['projectId', 'sourceAgent', 'project_id', 'handoff_type']),
      );
    }
  });
});

describe('content rules beyond the shape', () => {
  it('refuses code that would be written outside the workspace', () => {
    const result = validateHandoffContent('code_change', {
      summary: 'API',
      files: [
        { path: 'src/api.ts', content: 'export {}' },
        { path: '../../etc/passwd', content: 'x' },
        { path: '/etc/hosts', content: 'x' },
        { path: 'src/api.ts', content: 'again' },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { path: 'files[1].path', message: "must not contain '..'" },
        { path: 'files[2].path', message: 'must be relative to the project root' },
        { path: 'files[3].path', message: 'src/api.ts is listed twice' },
      ],
    });
  });

  it('needs findings on a failed QA report', () => {
    const result = validateHandoffContent('qa_report', { passed: false, findings: [], tested_items: ['login'] });
    expect(result).toEqual({ ok: false, errors: [{ path: 'findings', message: 'a failed QA report must list at least one finding' }] });
    expect(validateHandoffContent('qa_report', { passed: true, findings: [], tested_items: ['login'] }).ok).toBe(true);
  });

  it('needs a discussion’s chosen variant and votes to point at its variants', () => {
    const result = validateHandoffContent('discussion_outcome', {
      summary: 'We chose Postgres',
      decisions: [
        {
          problem: 'Which database?',
          variants: [{ id: 'pg', title: 'PostgreSQL' }],
          votes: [{ voter: 'Sam Tech', variant_id: 'mongo', reason: 'documents' }],
          chosen_variant_id: 'mysql',
          justification: 'concurrency',
        },
      ],
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((error) => error.path)).toEqual(['decisions[0].chosen_variant_id', 'decisions[0].votes[0].variant_id']);
  });

  it('keeps the seed keys of implementation_plan', () => {
    const plan = {
      architecture_diagram_url: '',
      database_schema: 'CREATE TABLE habits (...)',
      tech_stack: ['TypeScript'],
      task_breakdown: ['API'],
    };
    expect(validateHandoffContent('implementation_plan', plan)).toEqual({ ok: true, value: plan });
  });
});

describe('handoffJsonSchema', () => {
  it.each(HandoffType.options)('gives a closed object schema for %s', (type) => {
    const schema = handoffJsonSchema(type);
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object).length).toBeGreaterThan(0);
  });

  it('requires the seed keys of software_specification', () => {
    const schema = handoffJsonSchema('software_specification');
    expect(schema.required).toEqual(['requirements', 'user_stories', 'high_level_features', 'core_idea']);
  });
});

describe('the registry', () => {
  it('stores every handoff type as some artifact type', () => {
    expect(Object.keys(artifactTypeOfHandoff).sort()).toEqual(Object.keys(handoffContentSchemas).sort());
  });

  it('has the types the default workflow produces', () => {
    for (const type of [
      'software_specification',
      'product_requirements',
      'implementation_plan',
      'code_change',
      'qa_report',
      'discussion_outcome',
    ]) {
      expect(HandoffType.options).toContain(type);
    }
  });
});
