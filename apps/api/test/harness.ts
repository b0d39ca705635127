import type { UserRole } from '@quarterdeck/contracts';
import { defaultTemplatesDir, loadTemplates, type TemplateCatalog } from '@quarterdeck/contracts/templates';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { createTRPCClient, createWSClient, httpLink, TRPCClientError, wsLink } from '@trpc/client';
import pino from 'pino';
import { WebSocket } from 'ws';
import { DEFAULT_API_LIMITS, type ApiLimits } from '../src/auth/rate-limiter';
import { newSecret } from '../src/auth/secrets';
import { createApiServer, type ApiServer } from '../src/http/server';
import type { LiveOptions } from '../src/live/live-options';
import type { AppRouter } from '../src/router';

// A real API server on a free loopback port over this test file's own database, with one
// user (and token) per role. Clients talk to it over real HTTP and WebSocket.

let catalogPromise: Promise<TemplateCatalog> | null = null;
export function testCatalog(): Promise<TemplateCatalog> {
  catalogPromise ??= loadTemplates(defaultTemplatesDir());
  return catalogPromise;
}

export interface TestApi {
  database: TestDatabase;
  api: ApiServer;
  baseUrl: string;
  wsUrl: string;
  tokens: Record<UserRole, string>;
  userIds: Record<UserRole, string>;
  close(): Promise<void>;
}

export async function startTestApi(
  database?: TestDatabase,
  options: { live?: Partial<LiveOptions>; limits?: Partial<ApiLimits> } = {},
): Promise<TestApi> {
  const db = database ?? (await createTestDatabase());
  const catalog = await testCatalog();
  const api = createApiServer({
    db: db.db,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    catalog,
    databaseUrl: db.url,
    webDist: '/nonexistent-web-dist',
    publicUrl: 'http://quarterdeck.test',
    ...(options.live ? { live: options.live } : {}),
    limits: { ...DEFAULT_API_LIMITS, ...options.limits },
  });
  const port = await api.listen(0, '127.0.0.1');
  const tokens = {} as Record<UserRole, string>;
  const userIds = {} as Record<UserRole, string>;
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const issued = await issueToken(db, role);
    tokens[role] = issued.token;
    userIds[role] = issued.userId;
  }
  return {
    database: db,
    api,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/trpc`,
    tokens,
    userIds,
    close: async () => {
      await api.close();
      if (!database) await db.drop();
    },
  };
}

/** A user of the role with a fresh token, written straight to the database (the fixture, not the thing under test). */
export async function issueToken(database: TestDatabase, role: UserRole, options: { rateLimitPerMinute?: number; email?: string } = {}) {
  const secret = newSecret();
  const user = await database.db.user.create({
    data: { email: options.email ?? `${role}-${secret.prefix}@example.test`, name: `Test ${role}`, role },
    select: { id: true },
  });
  const token = await database.db.apiToken.create({
    data: {
      userId: user.id,
      name: `${role} test token`,
      tokenHash: secret.hash,
      prefix: secret.prefix,
      ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    },
    select: { id: true },
  });
  return { token: secret.plain, tokenId: token.id, userId: user.id };
}

/** The text of a ws message, whichever of its binary shapes it arrived in. */
export function frameText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

export function httpClient(baseUrl: string, token: string | null) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseUrl}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });
}

export type HttpClient = ReturnType<typeof httpClient>;

export function wsConnection(wsUrl: string, token: string | null) {
  const client = createWSClient({
    url: wsUrl,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: token ? { token } : {},
    retryDelayMs: () => 50,
  });
  return { ws: client, trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client })] }) };
}

/** The error a call failed with, for asserting its code, field and message. */
export async function failureOf(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}

/** Row counts of every table a mutation might touch: a failed call must leave them all as they were. */
export async function tableCounts(database: TestDatabase): Promise<Record<string, number>> {
  const rows = await database.db.$queryRawUnsafe<Array<{ table: string; rows: number }>>(
    `SELECT 'projects' AS table, count(*)::int AS rows FROM projects
     UNION ALL SELECT 'runs', count(*)::int FROM workflow_runs
     UNION ALL SELECT 'tasks', count(*)::int FROM tasks
     UNION ALL SELECT 'agents', count(*)::int FROM agents
     UNION ALL SELECT 'sessions', count(*)::int FROM agent_sessions
     UNION ALL SELECT 'qa_results', count(*)::int FROM iteration_qa_results
     UNION ALL SELECT 'artifacts', count(*)::int FROM context_artifacts
     UNION ALL SELECT 'hitl', count(*)::int FROM hitl_requests
     UNION ALL SELECT 'conversations', count(*)::int FROM conversations
     UNION ALL SELECT 'messages', count(*)::int FROM messages
     UNION ALL SELECT 'decisions', count(*)::int FROM decisions
     UNION ALL SELECT 'users', count(*)::int FROM users
     UNION ALL SELECT 'tokens', count(*)::int FROM api_tokens
     UNION ALL SELECT 'events', count(*)::int FROM events
     UNION ALL SELECT 'jobs', count(*)::int FROM graphile_worker.jobs`,
  );
  return Object.fromEntries(rows.map((row) => [row.table, row.rows]));
}

/** Waits until `check` holds, polling; fails with `what` after the timeout. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for: ${what}`);
}
