import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idRangeOf, snippetHtml, snippetSegments, tsQueryPlan } from '../src/routers/search/search-query';

// The search documents the migration's SQL functions make: which words each kind of thing is
// found by, at which weight, always the same for the same row.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function vector(sql: string, ...values: unknown[]): Promise<string> {
  const [row] = await database.db.$queryRawUnsafe<Array<{ v: string }>>(`SELECT (${sql})::text AS v`, ...values);
  return row?.v ?? '';
}

/** Lexeme → weights, from a tsvector's text ('habit':4B,22C → habit: [B, C]). */
function weights(text: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const match of text.matchAll(/'([^']+)':([\dA-D,]+)/g)) {
    result[match[1] ?? ''] = [...new Set((match[2] ?? '').split(',').map((position) => position.replace(/\d+/g, '') || 'D'))].sort();
  }
  return result;
}

describe('artifact text extraction (quarterdeck_artifact_search_vector)', () => {
  const spec = {
    core_idea: 'Habit tracker',
    requirements: ['Works offline on the ward'],
    user_stories: ['As a nurse I log a habit'],
    high_level_features: ['Streaks'],
  };

  it('weighs the name A, headings (core idea, features, summaries, paths) B, prose C and code D', async () => {
    expect(
      weights(await vector('quarterdeck_artifact_search_vector($1, $2::jsonb)', 'Write the specification', JSON.stringify(spec))),
    ).toEqual({
      write: ['A'],
      specif: ['A'],
      habit: ['B', 'C'],
      tracker: ['B'],
      streak: ['B'],
      work: ['C'],
      offlin: ['C'],
      ward: ['C'],
      nurs: ['C'],
      log: ['C'],
    });
    const change = {
      summary: 'Adds login',
      files: [{ path: 'src/auth/login.ts', content: 'const offlineQueue = []', language: 'typescript' }],
    };
    const code = weights(await vector('quarterdeck_artifact_search_vector($1, $2::jsonb)', 'Code', JSON.stringify(change)));
    expect(code).toMatchObject({
      code: ['A'],
      login: ['B'],
      auth: ['B'],
      'src/auth/login.ts': ['B'],
      offlinequeu: ['D'],
      typescript: ['C'],
    });
  });

  it('reads a file artifact (content one string) as code, and its path name by its parts', async () => {
    const file = weights(
      await vector('quarterdeck_artifact_search_vector($1, to_jsonb($2::text))', 'src/auth/login.ts', 'export function signIn() {}'),
    );
    expect(file).toMatchObject({ auth: ['A'], login: ['A'], export: ['D'], signin: ['D'] });
  });

  it('is deterministic: the same content in another key order gives the same vector and text', async () => {
    const reordered = Object.fromEntries(Object.entries(spec).reverse());
    const sql = 'quarterdeck_artifact_search_vector($1, $2::jsonb)';
    expect(await vector(sql, 'Spec', JSON.stringify(reordered))).toBe(await vector(sql, 'Spec', JSON.stringify(spec)));
    const text = 'quarterdeck_artifact_search_text($1, $2::jsonb)';
    expect(await vector(text, 'Spec', JSON.stringify(spec))).toBe(
      ['Spec', 'Habit tracker', 'Streaks', 'Works offline on the ward', 'As a nurse I log a habit'].join('\n'),
    );
  });

  it('stores and indexes a 3 MB file: bulk text past the cap is left out of the index, not refused', async () => {
    const project = await database.db.project.create({ data: { name: 'Big', productIdea: 'x' }, select: { id: true } });
    const big = `${'lorem ipsum dolor sit amet '.repeat(120_000)} needlefinale`;
    const stored = await database.db.contextArtifact.create({
      data: {
        projectId: project.id,
        logicalKey: 'big',
        name: 'big.txt',
        artifactType: 'code',
        sourceAgent: 'coder',
        content: big,
        contentHash: 'h',
      },
      select: { id: true },
    });
    const [row] = await database.db.$queryRawUnsafe<Array<{ early: boolean; late: boolean }>>(
      `SELECT search_vector @@ 'lorem'::tsquery AS early, search_vector @@ 'needlefinale'::tsquery AS late FROM context_artifacts WHERE id = $1::uuid`,
      stored.id,
    );
    expect(row).toEqual({ early: true, late: false });
  });
});

describe('the triggers keep every table searchable', () => {
  it('re-indexes a task when its text changes, and a decision when a vote is cast', async () => {
    const db = database.db;
    const project = await db.project.create({ data: { name: 'Triggers', productIdea: 'idea' }, select: { id: true } });
    const task = await db.task.create({
      data: { projectId: project.id, title: 'Plain title', instructions: 'Do it', role: 'coder' },
      select: { id: true },
    });
    const found = async (table: string, id: string, word: string) => {
      const [row] = await db.$queryRawUnsafe<Array<{ hit: boolean }>>(
        `SELECT search_vector @@ plainto_tsquery('english', $2) AS hit FROM ${table} WHERE id = $1::uuid`,
        id,
        word,
      );
      return row?.hit ?? false;
    };
    expect(await found('tasks', task.id, 'flamingo')).toBe(false);
    await db.task.update({ where: { id: task.id }, data: { lastError: 'flamingo timeout' } });
    expect(await found('tasks', task.id, 'flamingo')).toBe(true);

    const decision = await db.decision.create({
      data: { projectId: project.id, problem: 'Pick one', variants: [{ id: 'a', title: 'Alpha' }] },
      select: { id: true },
    });
    expect(await found('decisions', decision.id, 'heron')).toBe(false);
    await db.decisionVote.create({ data: { decisionId: decision.id, voterName: 'qa', variantId: 'a', reason: 'The heron test passed' } });
    expect(await found('decisions', decision.id, 'heron')).toBe(true);
    expect(await found('decisions', decision.id, 'alpha')).toBe(true);
  });
});

describe('query rules', () => {
  it('takes a UUID or its first 6+ hex digits as an id range, and nothing else', () => {
    expect(idRangeOf('3F2A9C')).toEqual({ low: '3f2a9c00-0000-0000-0000-000000000000', high: '3f2a9cff-ffff-ffff-ffff-ffffffffffff' });
    expect(idRangeOf('3f2a9c1e-00')).toEqual({ low: '3f2a9c1e-0000-0000-0000-000000000000', high: '3f2a9c1e-00ff-ffff-ffff-ffffffffffff' });
    expect(idRangeOf('3f2a9')).toBeNull();
    expect(idRangeOf('3f-2a9c1e')).toBeNull();
    expect(idRangeOf('nurses')).toBeNull();
  });

  it('matches the last plain word as a prefix, and leaves web-search syntax alone', () => {
    expect(tsQueryPlan('night sh', 1).params).toEqual(['night sh']);
    expect(tsQueryPlan('night shi', 1)).toEqual({
      sql: "(websearch_to_tsquery('english', $1) && to_tsquery('english', $2 || ':*'))",
      params: ['night', 'shi'],
    });
    expect(tsQueryPlan('"night shift" -day', 3)).toEqual({ sql: "websearch_to_tsquery('english', $3)", params: ['"night shift" -day'] });
    expect(tsQueryPlan('cats or dogs', 1).params).toEqual(['cats or dogs']);
  });

  it('splits a headline at the match marks and escapes every character of content', () => {
    const segments = snippetSegments('a <b>\u0001night\u0002 \u0001shift\u0002 & "more"');
    expect(segments).toEqual([
      { text: 'a <b>', highlighted: false },
      { text: 'night', highlighted: true },
      { text: ' ', highlighted: false },
      { text: 'shift', highlighted: true },
      { text: ' & "more"', highlighted: false },
    ]);
    expect(snippetHtml(segments)).toBe('a &lt;b&gt;<mark>night</mark> <mark>shift</mark> &amp; &quot;more&quot;');
  });
});
