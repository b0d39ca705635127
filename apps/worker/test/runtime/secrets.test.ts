import { configureSecretPolicy, DEFAULT_SECRET_ENV_ALLOWLIST } from '@quarterdeck/contracts';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerServices } from '../../src/jobs/job-module';
import { createCpuPool, type CpuPool } from '../../src/pool/cpu-pool';
import { selectExecutor } from '../../src/runtime';
import { resolveEndpoint } from '../../src/runtime/providers/endpoints';
import { providerKey } from '../../src/runtime/providers/provider-access';
import { completionEvents, startScriptedServer, type ScriptedServer } from './scripted-server';
import { seedExecution, sessionEvents, testServices } from './fixtures';

// The worker's own checks, for configs that reached the database without the API's (written
// before the operator narrowed the lists, or by hand): a key variable or a provider address
// the operator does not allow is refused before any key is read, and whatever a provider
// streams back passes the redactor, even a key split across two chunks.

const KEY = 'sk-live-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123';
const DATABASE_PASSWORD = 'db-password-do-not-send';

let database: TestDatabase;
let pool: CpuPool;
let server: ScriptedServer;
let services: WorkerServices;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createCpuPool({ maxThreads: 1 });
  server = await startScriptedServer();
  services = testServices(database.db, pool, {
    secret: (name) => ({ SCRIPTED_API_KEY: KEY, DATABASE_URL: `postgresql://qd:${DATABASE_PASSWORD}@db/qd` })[name],
    knownSecrets: [DATABASE_PASSWORD],
  });
});
afterAll(async () => {
  configureSecretPolicy({ envAllowlist: DEFAULT_SECRET_ENV_ALLOWLIST, providerUrlAllowlist: null });
  await server.close();
  await pool.destroy();
  await database.drop();
});

async function logOf(iterationId: string): Promise<string> {
  return (await database.db.iteration.findUniqueOrThrow({ where: { id: iterationId }, select: { logContent: true } })).logContent;
}

describe('a provider pointed at a variable the operator does not allow', () => {
  it('fails the step as misconfigured, naming the field, and sends nothing anywhere', async () => {
    const requestsBefore = server.requests.length;
    const seeded = await seedExecution(database.db, {
      agent: { config: { endpoints: { primary: { baseUrl: server.baseUrl('primary'), apiKeyEnv: 'DATABASE_URL' } } } },
    });
    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    expect(outcome).toMatchObject({ kind: 'failed', retryable: false });
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(
      /misconfigured.*endpoints.*apiKeyEnv.*DATABASE_URL is not a key variable the server allows/s,
    );
    expect(server.requests.length).toBe(requestsBefore);
  });

  it('is refused again right before the key would be read (the last line of defence)', () => {
    const endpoint = { ...resolveEndpoint('primary', { primary: { baseUrl: server.baseUrl('primary') } }), apiKeyEnv: 'DATABASE_URL' };
    expect(() => providerKey(endpoint, (name) => (name === 'DATABASE_URL' ? 'postgresql://x' : undefined), 'primary')).toThrow(
      /DATABASE_URL is not a key variable the server allows/,
    );
  });

  it('refuses a base URL outside QUARTERDECK_PROVIDER_URL_ALLOWLIST before sending the key', () => {
    configureSecretPolicy({
      envAllowlist: [...DEFAULT_SECRET_ENV_ALLOWLIST, 'SCRIPTED_API_KEY'],
      providerUrlAllowlist: ['http://localhost:11434'],
    });
    try {
      const endpoint = resolveEndpoint('primary', { primary: { baseUrl: server.baseUrl('primary'), apiKeyEnv: 'SCRIPTED_API_KEY' } });
      expect(() => providerKey(endpoint, () => KEY, 'primary')).toThrow(/is not an address the server allows providers at/);
      const ollama = resolveEndpoint('ollama', undefined);
      expect(providerKey(ollama, () => KEY, 'ollama')).toBeNull();
    } finally {
      configureSecretPolicy({
        envAllowlist: [...DEFAULT_SECRET_ENV_ALLOWLIST, 'SCRIPTED_API_KEY', 'MISSING_KEY'],
        providerUrlAllowlist: null,
      });
    }
  });
});

describe('what a provider sends back', () => {
  it('is redacted in streamed events and the log, even a key split across two chunks', async () => {
    const text = `Here is what I was given: ${KEY} and the database password ${DATABASE_PASSWORD}.\n`;
    // 7-character pieces: the key and the password each straddle chunk boundaries.
    server.script('leaky', { kind: 'stream', events: completionEvents(text, { pieceChars: 7 }) });
    const seeded = await seedExecution(database.db, {
      agent: {
        provider: 'leaky',
        config: { maxRetries: 0, endpoints: { leaky: { baseUrl: server.baseUrl('leaky'), apiKeyEnv: 'SCRIPTED_API_KEY' } } },
      },
    });
    await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    expect(server.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`);

    const tokens = (await sessionEvents(database.db, seeded.input.sessionId))
      .filter((event) => event.type === 'llm.tokens')
      .map((event) => String(event.payload.text))
      .join('');
    expect(tokens).toBe('Here is what I was given: [redacted] and the database password [redacted].\n');
    const log = await logOf(seeded.iteration.iterationId);
    expect(log).toContain('Here is what I was given: [redacted] and the database password [redacted].');
    expect(
      JSON.stringify(await database.db.event.findMany({ where: { sessionId: seeded.input.sessionId } }), (_key, value: unknown) =>
        typeof value === 'bigint' ? String(value) : value,
      ),
    ).not.toMatch(new RegExp(`${KEY}|${DATABASE_PASSWORD}`));
  });

  it('is redacted in a 401 that echoes the key, in the failure reason, the events and the log', async () => {
    server.script('echo', {
      kind: 'status',
      status: 401,
      body: JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        },
      }),
    });
    const seeded = await seedExecution(database.db, {
      agent: {
        provider: 'echo',
        config: { maxRetries: 0, endpoints: { echo: { baseUrl: server.baseUrl('echo'), apiKeyEnv: 'SCRIPTED_API_KEY' } } },
      },
    });
    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    expect(outcome.kind === 'failed' && outcome.reason).toContain('Incorrect API key provided: [redacted]');
    const stored = JSON.stringify({
      events: await database.db.event.findMany({ where: { sessionId: seeded.input.sessionId }, select: { payload: true } }),
      log: await logOf(seeded.iteration.iterationId),
      outcome,
    });
    expect(stored).toContain('[redacted]');
    expect(stored).not.toContain(KEY);
  });
});
