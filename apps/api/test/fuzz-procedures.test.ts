import { secretPolicy } from '@quarterdeck/contracts';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createContextInner } from '../src/context';
import { appRouter } from '../src/router';
import { createCallerFactory } from '../src/trpc';
import { arbitraryOf, type JsonSchema } from './fuzz/json-schema-arbitrary';
import { hostileVersionOf } from './fuzz/hostile';
import { startTestApi, tableCounts, type TestApi } from './harness';

// Every tRPC procedure, called in-process as an admin with inputs generated from its own
// input schema (so most pass validation and reach the procedure's logic, with ids that exist
// mixed in) and with hostile versions of them (NUL, lone surrogates, numbers past their
// columns, wrong types, unknown fields, absurd sizes). Whatever happens: never an
// INTERNAL_SERVER_ERROR, and a refused call leaves every table as it was.

const SEED = 20_261_201;
const WELL_FORMED_PER_PROCEDURE = 15;
const HOSTILE_PER_PROCEDURE = 28;

interface Procedure {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: z.ZodType[] };
}

let env: TestApi;
let knownIds: string[] = [];

beforeAll(async () => {
  env = await startTestApi(undefined, {
    limits: {
      roleCeilings: { viewer: 1_000_000, operator: 1_000_000, admin: 1_000_000 },
      loginPerMinute: 1_000_000,
      anonymousPerMinute: 1_000_000,
    },
  });
  const caller = adminCaller();
  const { project } = await caller.projects.create({ productIdea: 'A seed-swap noticeboard for allotment holders' });
  await caller.conversations.create({ goalDescription: 'Pick a name', projectId: project.id });
  await caller.decisions.record({ projectId: project.id, problem: 'Which map?', variants: [{ id: 'osm', title: 'OpenStreetMap' }] });
  await env.database.db.hitlRequest.create({ data: { projectId: project.id, question: 'Ship it?' } });
  const rows = await env.database.db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id::text FROM projects UNION ALL SELECT id::text FROM workflow_runs UNION ALL SELECT id::text FROM tasks
     UNION ALL SELECT id::text FROM agents UNION ALL SELECT id::text FROM conversations UNION ALL SELECT id::text FROM decisions
     UNION ALL SELECT id::text FROM hitl_requests UNION ALL SELECT id::text FROM users UNION ALL SELECT id::text FROM api_tokens`,
  );
  knownIds = rows.map((row) => row.id);
}, 120_000);

afterAll(async () => {
  await env.close();
});

function adminCaller() {
  return createCallerFactory(appRouter)(
    createContextInner(env.api.deps, {
      caller: { userId: env.userIds.admin, tokenId: '00000000-0000-4000-8000-00000000fa55', role: 'admin' },
      rateLimitPerMinute: 1_000_000,
      expiresAt: null,
    }),
  );
}

function procedureAt(caller: unknown, path: string): (input: unknown) => Promise<unknown> {
  let target: unknown = caller;
  for (const segment of path.split('.')) target = (target as Record<string, unknown>)[segment];
  if (typeof target !== 'function') throw new Error(`no procedure at ${path}`);
  return target as (input: unknown) => Promise<unknown>;
}

function inputsFor(procedure: Procedure): { wellFormed: unknown[]; hostile: unknown[] } {
  const [schema] = procedure._def.inputs;
  if (!schema) return { wellFormed: [undefined], hostile: [] };
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const allowedKey = fc.constantFrom(...secretPolicy().envAllowlist);
  const arbitrary = arbitraryOf(jsonSchema, {
    knownIds,
    byPropertyName: { apiKeyEnv: allowedKey, passEnv: fc.array(allowedKey, { maxLength: 2 }) },
  });
  // Inputs the schema accepts first (most generated ones are), topped up with the rest;
  // the hostile ones are mutations of accepted ones, so they get past the first field.
  const candidates = fc.sample(arbitrary, { numRuns: 300, seed: SEED });
  const accepted = candidates.filter((candidate) => schema.safeParse(candidate).success);
  const wellFormed = [...accepted, ...candidates].slice(0, WELL_FORMED_PER_PROCEDURE);
  const bases = accepted.length > 0 ? accepted : candidates;
  return {
    wellFormed,
    hostile: fc.sample(hostileVersionOf(fc.constantFrom(...bases.slice(0, 50))), { numRuns: HOSTILE_PER_PROCEDURE, seed: SEED + 1 }),
  };
}

function describeInput(input: unknown): string {
  const text = JSON.stringify(input) ?? 'undefined';
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
}

describe('every tRPC procedure under generated and hostile input', () => {
  it('never fails with INTERNAL_SERVER_ERROR, and changes nothing when it refuses', async () => {
    const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, Procedure> }).procedures).filter(
      ([, procedure]) => procedure._def.type !== 'subscription',
    );
    const caller = adminCaller();
    const problems: string[] = [];
    const counts: string[] = [];
    let calls = 0;
    const started = performance.now();
    for (const [path, procedure] of procedures) {
      const { wellFormed, hostile } = inputsFor(procedure);
      const outcomes = { ok: 0, refused: 0 };
      for (const input of [...wellFormed, ...hostile]) {
        calls += 1;
        const before = await tableCounts(env.database);
        try {
          await procedureAt(caller, path)(input);
          outcomes.ok += 1;
        } catch (error) {
          outcomes.refused += 1;
          if (!(error instanceof TRPCError)) {
            problems.push(`${path}: threw ${String(error)} for ${describeInput(input)}`);
          } else if (error.code === 'INTERNAL_SERVER_ERROR') {
            const cause = error.cause instanceof Error ? error.cause.message.split('\n').slice(-2).join(' ') : String(error.cause);
            problems.push(`${path}: INTERNAL_SERVER_ERROR (${cause}) for ${describeInput(input)}`);
          } else {
            const after = await tableCounts(env.database);
            if (JSON.stringify(after) !== JSON.stringify(before)) {
              problems.push(`${path}: refused with ${error.code} but changed rows (${JSON.stringify(before)} → ${JSON.stringify(after)})`);
            }
          }
        }
      }
      counts.push(`${path}: ${wellFormed.length + hostile.length} inputs (${outcomes.ok} accepted, ${outcomes.refused} refused)`);
    }
    console.log(
      `${calls} calls over ${procedures.length} procedures in ${((performance.now() - started) / 1_000).toFixed(1)} s (seed ${SEED}):\n${counts.join('\n')}`,
    );
    expect(problems).toEqual([]);
  }, 180_000);
});
