import { performance } from 'node:perf_hooks';
import { validateHandoffContent } from '@quarterdeck/contracts';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerServices } from '../../src/jobs/job-module';
import { createCpuPool, type CpuPool } from '../../src/pool/cpu-pool';
import { selectExecutor, usageTotals } from '../../src/runtime';
import { completionEvents, startScriptedServer, type ScriptedServer } from './scripted-server';
import { seedExecution, sessionEvents, testServices } from './fixtures';

// The LLM executor against a local OpenAI-compatible server replaying scripted replies:
// real HTTP, real SSE, SSE parsed on the piscina pool, usage and events in a real database.

const spec = {
  core_idea: 'A shared shopping list that every member of a household can edit.',
  requirements: ['Members can add and tick off items', 'Changes appear for everyone within seconds'],
  user_stories: ['As a parent, I want to add milk so that whoever shops buys it'],
  high_level_features: ['Shared list', 'Live updates'],
};
const specJson = JSON.stringify(spec, null, 2);

let database: TestDatabase;
let pool: CpuPool;
let server: ScriptedServer;
let services: WorkerServices;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createCpuPool({ maxThreads: 2 });
  server = await startScriptedServer();
  services = testServices(database.db, pool);
});
afterAll(async () => {
  await server.close();
  await pool.destroy();
  await database.drop();
});

function endpointsConfig(extra: Record<string, unknown> = {}) {
  return {
    endpoints: {
      primary: {
        baseUrl: server.baseUrl('primary'),
        apiKeyEnv: 'SCRIPTED_API_KEY',
        structuredOutput: 'json_schema',
        promptUsdPerMillion: 1,
        completionUsdPerMillion: 2,
      },
      backup: { baseUrl: server.baseUrl('backup'), structuredOutput: 'prompt' },
    },
    ...extra,
  };
}

async function usageRows(sessionId: string) {
  return database.db.llmUsage.findMany({
    where: { sessionId },
    orderBy: { createdAt: 'asc' },
    select: {
      provider: true,
      model: true,
      promptTokens: true,
      completionTokens: true,
      totalTokens: true,
      costUsd: true,
      estimated: true,
      cached: true,
      latencyMs: true,
    },
  });
}

async function iterationLog(iterationId: string): Promise<string> {
  const row = await database.db.iteration.findUniqueOrThrow({ where: { id: iterationId }, select: { logContent: true } });
  return row.logContent;
}

function tokensText(events: Array<{ type: string; payload: Record<string, unknown> }>, requestId?: unknown): string {
  return events
    .filter((event) => event.type === 'llm.tokens' && (requestId === undefined || event.payload.requestId === requestId))
    .map((event) => String(event.payload.text))
    .join('');
}

describe('the LLM executor against a scripted OpenAI-compatible server', () => {
  it('streams a normal reply: the artifact, one usage row from the usage chunk, batched token events, the log', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    server.script('primary', {
      kind: 'stream',
      events: completionEvents(specJson, { pieceChars: 4, usage: { prompt: 321, completion: 87 } }),
      delayMs: 2,
    });
    const before = server.requests.length;
    const parsedOnPoolBefore = pool.completed;

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toEqual({ kind: 'completed', content: spec, simulated: false });
    // The SSE bytes were parsed by pool tasks, not on this thread.
    expect(pool.completed).toBeGreaterThan(parsedOnPoolBefore);
    const request = server.requests[before];
    expect(request?.body.stream).toBe(true);
    expect(request?.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'software_specification' } });
    expect(request?.authorization).toBe('Bearer sk-test-secret');
    expect(request?.body.messages[0]?.content).toContain('Business Analyst');

    const usage = await usageRows(seeded.input.sessionId);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({
      provider: 'primary',
      model: 'scripted-model',
      promptTokens: 321,
      completionTokens: 87,
      totalTokens: 408,
      estimated: false,
      cached: false,
    });
    // 321 × $1/M + 87 × $2/M
    expect(usage[0]?.costUsd.toNumber()).toBeCloseTo(0.000495, 6);

    const events = await sessionEvents(database.db, seeded.input.sessionId);
    const tokenEvents = events.filter((event) => event.type === 'llm.tokens');
    expect(tokensText(events)).toBe(specJson);
    // ~60 deltas 2 ms apart arrive in a few 100 ms batches, numbered in order.
    expect(tokenEvents.length).toBeLessThan(specJson.length / 4 / 2);
    expect(tokenEvents.map((event) => event.payload.sequence)).toEqual(tokenEvents.map((_, index) => index));
    expect(events.map((event) => event.type)).toContain('llm.request_started');
    expect(events.find((event) => event.type === 'llm.usage')?.payload).toMatchObject({
      provider: 'primary',
      promptTokens: 321,
      estimated: false,
    });
    expect(await iterationLog(seeded.iteration.iterationId)).toContain('"core_idea": "A shared shopping list');
    expect(await iterationLog(seeded.iteration.iterationId)).not.toContain('sk-test-secret');
  });

  it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    server.script(
      'primary',
      { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: JSON.stringify({ error: { message: 'slow down' } }) },
      { kind: 'stream', events: completionEvents(specJson) },
    );
    const before = server.requests.length;
    const started = performance.now();

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(outcome).toMatchObject({ kind: 'completed', content: spec });
    expect(server.requests.length - before).toBe(2);
    const events = await sessionEvents(database.db, seeded.input.sessionId);
    expect(events.filter((event) => event.type === 'llm.request_failed').map((event) => event.payload)).toEqual([
      expect.objectContaining({ provider: 'primary', attempt: 1, next: 'retry', error: expect.stringContaining('HTTP 429') }),
    ]);
    expect(await usageRows(seeded.input.sessionId)).toHaveLength(1);
    expect(await iterationLog(seeded.iteration.iterationId)).toMatch(/HTTP 429.*retrying in 1\.\d s/);
  });

  it('fails over to the next provider when the first keeps answering 500', async () => {
    const seeded = await seedExecution(database.db, {
      agent: { config: endpointsConfig({ maxRetries: 1, failover: [{ provider: 'backup', model: 'backup-model' }] }) },
    });
    server.script('primary', { kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    server.script('backup', { kind: 'stream', events: completionEvents(specJson, { usage: { prompt: 50, completion: 60 } }) });
    const before = server.requests.length;

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toMatchObject({ kind: 'completed', content: spec, simulated: false });
    expect(server.requests.slice(before).map((request) => request.provider)).toEqual(['primary', 'primary', 'backup']);
    // The backup takes the schema in the prompt, not as response_format.
    const backupRequest = server.requests.at(-1);
    expect(backupRequest?.body.response_format).toBeUndefined();
    expect(backupRequest?.body.messages[0]?.content).toContain('It must match this JSON Schema');
    expect(backupRequest?.body.model).toBe('backup-model');
    const events = await sessionEvents(database.db, seeded.input.sessionId);
    expect(events.filter((event) => event.type === 'llm.request_failed').map((event) => event.payload.next)).toEqual(['retry', 'failover']);
    expect(await usageRows(seeded.input.sessionId)).toEqual([
      expect.objectContaining({ provider: 'backup', model: 'backup-model', totalTokens: 110, estimated: false }),
    ]);
  });

  it('retries a stream cut in the middle; the partial call is accounted as estimated and its tokens stay visible', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    server.script(
      'primary',
      { kind: 'stream', events: completionEvents(specJson, { pieceChars: 16 }), cutAfter: 5 },
      { kind: 'stream', events: completionEvents(specJson) },
    );

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toMatchObject({ kind: 'completed', content: spec });
    const events = await sessionEvents(database.db, seeded.input.sessionId);
    const failed = events.filter((event) => event.type === 'llm.request_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.payload).toMatchObject({ next: 'retry' });
    const [firstRequest, secondRequest] = events
      .filter((event) => event.type === 'llm.request_started')
      .map((event) => event.payload.requestId);
    expect(tokensText(events, firstRequest)).toBe(specJson.slice(0, 5 * 16));
    expect(tokensText(events, secondRequest)).toBe(specJson);
    const usage = await usageRows(seeded.input.sessionId);
    expect(usage.map((row) => ({ estimated: row.estimated, completionTokens: row.completionTokens }))).toEqual([
      { estimated: true, completionTokens: Math.ceil((5 * 16) / 4) },
      { estimated: false, completionTokens: 45 },
    ]);
    expect(await iterationLog(seeded.iteration.iterationId)).toContain('(dropped_stream)');
  });

  it('skips malformed chunks, keeps the good ones, and says so in the log', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    const good = completionEvents(specJson, { pieceChars: 32 });
    const events = [
      ...good.slice(0, 2),
      'data: {"choices": [ this is not json\n\n',
      ': a comment line\n\n',
      'data: 42\n\n',
      ...good.slice(2),
    ];
    server.script('primary', { kind: 'stream', events });

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toMatchObject({ kind: 'completed', content: spec });
    expect(tokensText(await sessionEvents(database.db, seeded.input.sessionId))).toBe(specJson);
    const log = await iterationLog(seeded.iteration.iterationId);
    expect(log).toContain('skipped a malformed stream chunk: not JSON: {"choices": [ this is not json');
    expect(log).toContain('skipped a malformed stream chunk: not an object: 42');
  });

  it('sends validation errors back for one repair round and accepts the repaired reply', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    const broken = { ...spec, user_stories: [], requirments: ['typo'] };
    server.script(
      'primary',
      { kind: 'stream', events: completionEvents('```json\n' + JSON.stringify(broken) + '\n```') },
      { kind: 'stream', events: completionEvents(specJson) },
    );
    const before = server.requests.length;

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toMatchObject({ kind: 'completed', content: spec });
    const repair = server.requests[before + 1];
    const messages = repair?.body.messages ?? [];
    expect(messages.at(-2)).toMatchObject({ role: 'assistant' });
    expect(messages.at(-1)?.content).toContain('user_stories: must list at least one user story');
    expect(messages.at(-1)?.content).toContain('requirments: is not a known field');
    expect(await usageRows(seeded.input.sessionId)).toHaveLength(2);
    expect(await iterationLog(seeded.iteration.iterationId)).toContain(
      '[validate] the reply does not match the software_specification schema',
    );
  });

  it('fails with the validation errors after a repair round and a fresh try both miss', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    const wrong = completionEvents(JSON.stringify({ core_idea: 'only this' }));
    server.script(
      'primary',
      { kind: 'stream', events: wrong },
      { kind: 'stream', events: wrong },
      { kind: 'stream', events: completionEvents('Sorry, I cannot help.') },
    );

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toMatchObject({ kind: 'failed', retryable: false, reason: expect.stringContaining('the reply holds no JSON object') });
    expect(await usageRows(seeded.input.sessionId)).toHaveLength(3);
    const iteration = await database.db.iteration.findUniqueOrThrow({
      where: { id: seeded.iteration.iterationId },
      select: { errorCount: true, logContent: true },
    });
    expect(iteration.errorCount).toBe(1);
    expect(iteration.logContent).toContain(
      '[error] The reply did not match the software_specification schema after a repair round and a fresh try',
    );
  });

  it('estimates (and flags) usage when the stream carries no usage chunk', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    server.script('primary', { kind: 'stream', events: completionEvents(specJson, { usage: null }) });

    await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    const [row] = await usageRows(seeded.input.sessionId);
    expect(row).toMatchObject({ estimated: true, completionTokens: Math.ceil(specJson.length / 4) });
    expect(row?.promptTokens).toBeGreaterThan(50);
  });

  it('serves a second identical call from the response cache when the agent opts in', async () => {
    const config = endpointsConfig({ cacheResponses: true });
    const first = await seedExecution(database.db, { agent: { config }, productIdea: 'A cached idea' });
    const second = await seedExecution(database.db, { agent: { config }, productIdea: 'A cached idea' });
    server.script('primary', { kind: 'stream', events: completionEvents(specJson) });
    const before = server.requests.length;

    expect(await selectExecutor(services, first.input.agent).execute(first.input, first.io)).toMatchObject({
      kind: 'completed',
      content: spec,
    });
    expect(await selectExecutor(services, second.input.agent).execute(second.input, second.io)).toMatchObject({
      kind: 'completed',
      content: spec,
    });

    expect(server.requests.length - before).toBe(1);
    expect(await usageRows(second.input.sessionId)).toEqual([
      expect.objectContaining({ cached: true, totalTokens: 165, estimated: false }),
    ]);
    expect(tokensText(await sessionEvents(database.db, second.input.sessionId))).toBe(specJson);
    const cache = await database.db.llmResponseCache.findMany({ select: { hits: true, provider: true } });
    expect(cache).toEqual([{ hits: 1, provider: 'primary' }]);
  });

  it('stops a call in flight when the session is terminated', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    server.script('primary', { kind: 'stream', events: completionEvents(specJson, { pieceChars: 2 }), delayMs: 20 });
    setTimeout(() => seeded.controller.abort(new Error('terminated by a person')), 300);

    const started = performance.now();
    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toMatchObject({ kind: 'failed', retryable: false });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(tokensText(await sessionEvents(database.db, seeded.input.sessionId)).length).toBeGreaterThan(0);
  });

  it('rolls usage up per task, project and agent', async () => {
    const seeded = await seedExecution(database.db, { agent: { config: endpointsConfig() } });
    server.script(
      'primary',
      { kind: 'stream', events: completionEvents(JSON.stringify({ oops: true }), { usage: { prompt: 10, completion: 5 } }) },
      { kind: 'stream', events: completionEvents(specJson, { usage: { prompt: 20, completion: 7, cost: 0.25 } }) },
    );

    await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    const expected = {
      calls: 2,
      promptTokens: 30,
      completionTokens: 12,
      totalTokens: 42,
      estimatedCalls: 0,
      cachedCalls: 0,
      simulatedCalls: 0,
    };
    for (const scope of [{ taskId: seeded.input.taskId }, { projectId: seeded.input.projectId }, { agentId: seeded.input.agent.id }]) {
      const totals = await usageTotals(database.db, scope);
      expect(totals).toMatchObject(expected);
      // The provider's own reported cost wins over the configured prices.
      expect(totals.costUsd).toBeCloseTo(0.25 + (10 * 1 + 5 * 2) / 1_000_000, 6);
    }
  });
});

describe('the simulated provider', () => {
  it('is the default: a deterministic, schema-valid, labelled answer with simulated usage', async () => {
    const seeded = await seedExecution(database.db, {
      agent: { provider: 'simulated', model: 'simulated', config: { simulatedTokensPerSecond: 1_000 } },
      produces: 'implementation_plan',
    });
    const again = await seedExecution(database.db, { agent: { provider: '', model: '' }, produces: 'implementation_plan' });

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    const repeat = await selectExecutor(services, again.input.agent).execute(again.input, again.io);

    expect(outcome).toMatchObject({ kind: 'completed', simulated: true });
    expect(repeat).toEqual(outcome);
    if (outcome.kind !== 'completed') throw new Error('unreachable');
    expect(validateHandoffContent('implementation_plan', outcome.content).ok).toBe(true);
    expect(await usageRows(seeded.input.sessionId)).toEqual([
      expect.objectContaining({ provider: 'simulated', estimated: true, cached: false }),
    ]);
    const events = await sessionEvents(database.db, seeded.input.sessionId);
    expect(JSON.parse(tokensText(events))).toEqual(outcome.content);
    expect(events.filter((event) => event.type === 'llm.tokens').length).toBeGreaterThan(1);
  });

  it('streams at the configured speed', async () => {
    const slow = await seedExecution(database.db, {
      agent: { provider: 'simulated', config: { simulatedTokensPerSecond: 200 } },
      produces: 'qa_report',
    });
    const started = performance.now();
    await selectExecutor(services, slow.input.agent).execute(slow.input, slow.io);
    const elapsed = performance.now() - started;
    const [row] = await usageRows(slow.input.sessionId);
    // completion tokens at 200 tokens/s (less one 20 ms tick)
    expect(elapsed).toBeGreaterThanOrEqual(((row?.completionTokens ?? 0) / 200) * 1_000 - 100);
  });
});

describe('misconfiguration', () => {
  it('fails without retry for a provider that has no endpoint', async () => {
    const seeded = await seedExecution(database.db, { agent: { provider: 'nowhere', config: {} } });
    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    expect(outcome).toMatchObject({
      kind: 'failed',
      retryable: false,
      reason: expect.stringContaining('The provider "nowhere" has no endpoint'),
    });
  });

  it('fails over when the API key variable is not set, without ever sending a request', async () => {
    const config = { endpoints: { primary: { baseUrl: server.baseUrl('primary'), apiKeyEnv: 'MISSING_KEY' } } };
    const seeded = await seedExecution(database.db, { agent: { config } });
    const before = server.requests.length;
    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: true, reason: expect.stringContaining('MISSING_KEY') });
    expect(server.requests.length).toBe(before);
  });
});
