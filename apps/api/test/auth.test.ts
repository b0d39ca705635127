import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ensureFirstAdmin } from '../src/auth/login-links';
import { hashSecret } from '../src/auth/secrets';
import { eventually, failureOf, frameText, httpClient, issueToken, startTestApi, tableCounts, wsConnection, type TestApi } from './harness';

let env: TestApi;
beforeAll(async () => {
  env = await startTestApi();
});
afterAll(async () => {
  await env.close();
});

describe('first start and the login link', () => {
  it('creates an admin with a one-time link that the dashboard exchanges for a working token, once', async () => {
    await env.database.db.apiToken.deleteMany({ where: { user: { role: 'admin' } } });
    const first = await ensureFirstAdmin(env.database.db, 'http://quarterdeck.test');
    expect(first?.url).toMatch(/^http:\/\/quarterdeck\.test\/login\?link=qd_/);
    const linkToken = new URL(first?.url ?? '').searchParams.get('link') ?? '';
    const stored = await env.database.db.loginLink.findMany({ select: { tokenHash: true } });
    expect(stored.map((row) => row.tokenHash)).toContain(hashSecret(linkToken));
    expect(JSON.stringify(stored)).not.toContain(linkToken);

    const anonymous = httpClient(env.baseUrl, null);
    const login = await anonymous.auth.exchangeLoginLink.mutate({ token: linkToken });
    expect(login.user.role).toBe('admin');
    const me = await httpClient(env.baseUrl, login.token).auth.me.query();
    expect(me.email).toBe(first?.email);

    const reused = await failureOf(anonymous.auth.exchangeLoginLink.mutate({ token: linkToken }));
    expect(reused.data?.code).toBe('UNAUTHORIZED');
    // Once an admin has a token, a restart prints no new link.
    expect(await ensureFirstAdmin(env.database.db, 'http://quarterdeck.test')).toBeNull();
    env.tokens.admin = (await issueToken(env.database, 'admin')).token;
  });

  it('refuses a made-up login link, naming the field', async () => {
    const failure = await failureOf(
      httpClient(env.baseUrl, null).auth.exchangeLoginLink.mutate({ token: 'qd_not-a-real-link-token-at-all' }),
    );
    expect(failure.data?.code).toBe('UNAUTHORIZED');
    expect(failure.data?.field).toBe('token');
  });
});

describe('tokens', () => {
  it('shows a new token once, stores only its hash, and never lists a secret', async () => {
    const operator = httpClient(env.baseUrl, env.tokens.operator);
    const created = await operator.auth.createToken.mutate({ name: 'CI', expiresInDays: 30 });
    expect(created.token.startsWith(created.apiToken.prefix)).toBe(true);
    const row = await env.database.db.apiToken.findUniqueOrThrow({ where: { id: created.apiToken.id }, select: { tokenHash: true } });
    expect(row.tokenHash).toBe(hashSecret(created.token));
    const listed = await operator.auth.listTokens.query();
    expect(listed.map((token) => token.id)).toContain(created.apiToken.id);
    const listedJson = JSON.stringify(listed);
    expect(listedJson).not.toContain(created.token);
    expect(listedJson).not.toContain(row.tokenHash);
    expect((await httpClient(env.baseUrl, created.token).auth.me.query()).role).toBe('operator');
  });

  it('refuses a missing, unknown, revoked or expired token over HTTP', async () => {
    expect((await failureOf(httpClient(env.baseUrl, null).projects.list.query({}))).data?.code).toBe('UNAUTHORIZED');
    expect((await failureOf(httpClient(env.baseUrl, 'qd_forged').projects.list.query({}))).data?.code).toBe('UNAUTHORIZED');

    const viewer = await issueToken(env.database, 'viewer');
    const client = httpClient(env.baseUrl, viewer.token);
    await client.projects.list.query({});
    await client.auth.revokeToken.mutate({ tokenId: viewer.tokenId });
    const revoked = await failureOf(client.projects.list.query({}));
    expect(revoked.data?.code).toBe('UNAUTHORIZED');
    expect(revoked.message).toMatch(/revoked/);

    const expiring = await issueToken(env.database, 'viewer');
    await env.database.db.apiToken.update({ where: { id: expiring.tokenId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await failureOf(httpClient(env.baseUrl, expiring.token).projects.list.query({}))).message).toMatch(/expired/);
  });

  it('refuses a WebSocket connection without a valid token (UNAUTHORIZED, then closed), and accepts one with it', async () => {
    const revoked = await issueToken(env.database, 'viewer');
    await env.database.db.apiToken.update({ where: { id: revoked.tokenId }, data: { revokedAt: new Date() } });
    for (const [token, reason] of [
      [null, /required/],
      ['qd_forged', /not valid/],
      [revoked.token, /revoked/],
    ] as const) {
      const refusal = await rawWsHandshake(env.wsUrl, token);
      expect(refusal.error?.data?.code).toBe('UNAUTHORIZED');
      expect(refusal.error?.message).toMatch(reason);
      expect(refusal.closed).toBe(true);
      // The typed client sees the call fail too.
      const connection = wsConnection(env.wsUrl, token);
      await expect(connection.trpc.projects.list.query({})).rejects.toThrow();
      await connection.ws.close();
    }
    const good = wsConnection(env.wsUrl, env.tokens.viewer);
    expect((await good.trpc.projects.list.query({})).total).toBeGreaterThanOrEqual(0);
    await good.ws.close();
  });

  it('lets a viewer read but not change anything, and an operator not administer', async () => {
    const before = await tableCounts(env.database);
    const viewer = httpClient(env.baseUrl, env.tokens.viewer);
    expect((await viewer.agents.list.query({})).items).toBeInstanceOf(Array);
    const denied = await failureOf(viewer.agents.create.mutate({ name: 'Nope', role: 'coder' }));
    expect(denied.data?.code).toBe('FORBIDDEN');
    expect((await failureOf(viewer.tasks.delete.mutate({ taskId: '00000000-0000-4000-8000-000000000000' }))).data?.code).toBe('FORBIDDEN');
    const operator = httpClient(env.baseUrl, env.tokens.operator);
    expect((await failureOf(operator.auth.users.create.mutate({ email: 'x@example.test', name: 'X' }))).data?.code).toBe('FORBIDDEN');
    expect(await tableCounts(env.database)).toEqual(before);
  });

  it("enforces the token's per-minute rate limit with TOO_MANY_REQUESTS", async () => {
    const limited = await issueToken(env.database, 'viewer', { rateLimitPerMinute: 3 });
    const client = httpClient(env.baseUrl, limited.token);
    for (let call = 0; call < 3; call += 1) await client.auth.me.query();
    const failure = await failureOf(client.auth.me.query());
    expect(failure.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(failure.data?.httpStatus).toBe(429);
    // Another token is not affected.
    await httpClient(env.baseUrl, env.tokens.viewer).auth.me.query();
  });

  it('admins create users, who get a login link', async () => {
    const admin = httpClient(env.baseUrl, env.tokens.admin);
    const created = await admin.auth.users.create.mutate({ email: 'New.Person@Example.test', name: 'New Person', role: 'operator' });
    expect(created.user.email).toBe('new.person@example.test');
    const link = new URL(created.loginLink.url).searchParams.get('link') ?? '';
    const login = await httpClient(env.baseUrl, null).auth.exchangeLoginLink.mutate({ token: link });
    expect(login.user.id).toBe(created.user.id);
    const duplicate = await failureOf(admin.auth.users.create.mutate({ email: 'new.person@example.test', name: 'Again' }));
    expect(duplicate.data?.code).toBe('CONFLICT');
    const users = await admin.auth.users.list.query({ role: 'operator' });
    expect(users.items.map((user) => user.id)).toContain(created.user.id);
    const disabled = await admin.auth.users.update.mutate({ userId: created.user.id, isActive: false });
    expect(disabled.isActive).toBe(false);
    await eventually(
      async () => (await failureOf(httpClient(env.baseUrl, login.token).auth.me.query())).data?.code === 'UNAUTHORIZED',
      'a disabled user is refused',
    );
  });
});

/** Speaks tRPC's WebSocket protocol by hand: send the connection params, read the first reply, see whether the server closes. */
async function rawWsHandshake(wsUrl: string, token: string | null) {
  const socket = new WebSocket(`${wsUrl}?connectionParams=1`);
  const replies: Array<{ error?: { message: string; data?: { code?: string } } }> = [];
  let closed = false;
  socket.on('message', (data) => replies.push(JSON.parse(frameText(data)) as (typeof replies)[number]));
  socket.on('close', () => {
    closed = true;
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ method: 'connectionParams', data: token ? { token } : {} }));
  await eventually(() => closed, 'the server closes the refused connection', 5_000);
  return { error: replies[0]?.error, closed };
}
