import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWorkerProcess, type WorkerProcess } from '@quarterdeck/worker';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkerSettings } from '../../worker/src/env';
import { startScriptedServer, type ScriptedServer } from '../../worker/test/runtime/scripted-server';
import { eventually, failureOf, httpClient, startTestApi, tableCounts, type TestApi } from './harness';

// The whole path of a provider key: an operator points an agent at an OpenAI-compatible
// server with the key in OPENAI_API_KEY, the server answers 401 quoting the key (as OpenAI
// does), and the failure is stored and read back. The key must appear in no table and no API
// answer. An agent naming a variable outside the allowlist is refused when it is saved.

const KEY = 'sk-proj-QuarterdeckTestKey0123456789abcdefXYZ';

let env: TestApi;
let server: ScriptedServer;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  env = await startTestApi();
  server = await startScriptedServer();
  server.respond('openai', () => ({
    kind: 'status',
    status: 401,
    body: JSON.stringify({
      error: { message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.` },
    }),
  }));
});

afterAll(async () => {
  await worker?.stop();
  await server.close();
  await env.close();
});

/** Every row of every table (ours and the job queue's) whose text contains `needle`, by table. */
async function rowsContaining(needle: string): Promise<Record<string, number>> {
  const tables = await env.database.db.$queryRawUnsafe<Array<{ schema: string; name: string }>>(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  expect(tables.length).toBeGreaterThan(20);
  const found: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await env.database.db.$queryRawUnsafe<Array<{ rows: number }>>(
      `SELECT count(*)::int AS rows FROM "${table.schema}"."${table.name}" t WHERE strpos(t::text, $1) > 0`,
      needle,
    );
    if ((row?.rows ?? 0) > 0) found[`${table.schema}.${table.name}`] = row?.rows ?? 0;
  }
  return found;
}

describe('a provider key', () => {
  it('from a variable the operator does not allow is refused when the agent is saved, naming the field', async () => {
    const operator = httpClient(env.baseUrl, env.tokens.operator);
    const before = await tableCounts(env.database);
    const refused = await failureOf(
      operator.agents.create.mutate({
        name: 'Leaky',
        role: 'analyst',
        provider: 'openai',
        model: 'gpt-test',
        config: { endpoints: { openai: { baseUrl: server.baseUrl('openai'), apiKeyEnv: 'DATABASE_URL' } } },
      }),
    );
    expect(refused.data?.code).toBe('BAD_REQUEST');
    expect(refused.data?.field).toBe('config.endpoints.openai.apiKeyEnv');
    expect(refused.message).toMatch(/DATABASE_URL is not a key variable the server allows/);
    const passEnv = await failureOf(
      operator.agents.create.mutate({
        name: 'Leaky CLI',
        role: 'coder',
        runtime: 'cli',
        command: 'env',
        config: { cli: { passEnv: ['DATABASE_URL'] } },
      }),
    );
    expect(passEnv.data?.field).toBe('config.cli.passEnv[0]');
    expect(await tableCounts(env.database)).toEqual(before);
  });

  it('echoed back by a provider is stored nowhere and returned by no API call', async () => {
    const operator = httpClient(env.baseUrl, env.tokens.operator);
    const viewer = httpClient(env.baseUrl, env.tokens.viewer);
    const { project } = await operator.projects.create.mutate({ productIdea: 'A lending shelf for a block of flats' });
    const analyst = await env.database.db.agent.findFirstOrThrow({
      where: { projectId: project.id, role: 'analyst' },
      select: { id: true },
    });
    await operator.agents.update.mutate({
      agentId: analyst.id,
      provider: 'openai',
      model: 'gpt-test',
      config: { maxRetries: 0, endpoints: { openai: { baseUrl: server.baseUrl('openai'), apiKeyEnv: 'OPENAI_API_KEY' } } },
    });

    worker = await startWorkerProcess({
      databaseUrl: env.database.url,
      concurrency: 2,
      heartbeatMs: 500,
      deadAfterMs: 5_000,
      logger: pino({ level: 'silent' }),
      poolThreads: 1,
      settings: readWorkerSettings({
        PATH: process.env.PATH,
        OPENAI_API_KEY: KEY,
        QUARTERDECK_WORKSPACES_DIR: mkdtempSync(path.join(os.tmpdir(), 'qd-secrets-')),
        QUARTERDECK_HITL_TIMEOUT_MS: '0',
      }),
    });
    const task = await eventually(
      async () => {
        const row = await env.database.db.task.findFirst({
          where: { projectId: project.id, lastError: { not: null } },
          select: { id: true },
        });
        return row !== null;
      },
      'the analyst attempt to fail with the provider’s 401',
      30_000,
    ).then(() =>
      env.database.db.task.findFirstOrThrow({
        where: { projectId: project.id, lastError: { not: null } },
        select: { id: true, lastError: true },
      }),
    );
    await worker.stop();
    worker = undefined;

    // The key really went out, and really came back.
    expect(server.requests.some((request) => request.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(task.lastError).toContain('Incorrect API key provided: [redacted]');

    expect(await rowsContaining(KEY)).toEqual({});
    expect(await rowsContaining('[redacted]')).not.toEqual({});

    const session = await env.database.db.agentSession.findFirstOrThrow({ where: { taskId: task.id }, select: { id: true } });
    const answers = [
      await (
        await fetch(`${env.baseUrl}/api/v1/tasks?projectId=${project.id}`, { headers: { authorization: `Bearer ${env.tokens.viewer}` } })
      ).text(),
      JSON.stringify(await viewer.tasks.get.query({ taskId: task.id })),
      JSON.stringify(await viewer.events.query.query({ projectId: project.id, limit: 1_000 })),
      JSON.stringify(await viewer.sessions.log.query({ sessionId: session.id })),
      JSON.stringify(await viewer.agents.get.query({ agentId: analyst.id })),
    ];
    for (const answer of answers) expect(answer).not.toContain(KEY);
    expect(answers.join('')).toContain('Incorrect API key provided: [redacted]');
  }, 90_000);
});
