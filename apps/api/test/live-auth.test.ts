import { PLAIN_WS_CLOSE } from '@quarterdeck/contracts';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killApiProcesses, startApiProcess, type ApiProcess } from './api-process';
import { failureOf, httpClient, issueToken, wsConnection } from './harness';
import { RawSocket, type Closed } from './raw-ws';

// Rights are checked on every call and every frame, not once per connection: a change made
// through one API process reaches the open sockets and streams of another (both real
// processes over one database) through Postgres NOTIFY, within a second.

const ALLOWED_ORIGIN = 'https://dashboard.example.test';
let database: TestDatabase;
let apiA: ApiProcess;
let apiB: ApiProcess;
let admin: string;

beforeAll(async () => {
  database = await createTestDatabase();
  [apiA, apiB] = await Promise.all([
    startApiProcess(database, { QUARTERDECK_ALLOWED_ORIGINS: ALLOWED_ORIGIN }),
    startApiProcess(database, { QUARTERDECK_ALLOWED_ORIGINS: ALLOWED_ORIGIN }),
  ]);
  admin = (await issueToken(database, 'admin')).token;
}, 120_000);
afterAll(async () => {
  await Promise.all([apiA.stop(), apiB.stop()]);
  killApiProcesses();
  await database.drop();
});

/** A tRPC subscription spoken by hand on process B's /trpc, so the close and the error frame can be watched. */
async function trpcSubscriber(api: ApiProcess, token: string): Promise<RawSocket> {
  const socket = await RawSocket.open(`${api.wsUrl}?connectionParams=1`);
  socket.send({ method: 'connectionParams', data: { token } });
  socket.send({ id: 1, method: 'subscription', params: { path: 'events.subscribe', input: { channels: ['projects'] } } });
  await socket.next(
    (frame) => frame.id === 1 && (frame.result as { type?: string } | undefined)?.type === 'started',
    'the subscription to start',
  );
  return socket;
}

async function plainSubscriber(api: ApiProcess, token: string): Promise<RawSocket> {
  const socket = await RawSocket.open(`${api.baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { authorization: `Bearer ${token}` } });
  socket.send({ type: 'subscribe', channels: ['events'], request_id: 'sub' });
  await socket.reply('sub');
  return socket;
}

/** An SSE subscription on `api`; resolves with everything the stream said once the server ends it. */
async function sseSubscriber(api: ApiProcess, token: string) {
  const response = await fetch(
    `${api.baseUrl}/trpc/events.subscribe?input=${encodeURIComponent(JSON.stringify({ channels: ['projects'] }))}`,
    {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    },
  );
  if (!response.body) throw new Error('no SSE body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('event: connected')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return { text, at: Date.now() };
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { ended };
}

const closedAt = (socket: RawSocket): Promise<Closed & { at: number }> => socket.closed.then((closed) => ({ ...closed, at: Date.now() }));

describe('live authorization across API processes', () => {
  it('revoking a token on process A closes its WebSockets and SSE stream on process B within a second', async () => {
    const user = await issueToken(database, 'viewer');
    const trpc = await trpcSubscriber(apiB, user.token);
    const plain = await plainSubscriber(apiB, user.token);
    const sse = await sseSubscriber(apiB, user.token);
    const trpcClosed = closedAt(trpc);
    const plainClosed = closedAt(plain);

    await httpClient(apiA.baseUrl, user.token).auth.revokeToken.mutate({ tokenId: user.tokenId });
    const revokedAt = Date.now();

    const [trpcClose, plainClose, sseEnd] = await Promise.all([trpcClosed, plainClosed, sse.ended]);
    expect(trpcClose.code).toBe(PLAIN_WS_CLOSE.unauthorized);
    expect(trpcClose.at - revokedAt).toBeLessThan(1_000);
    expect(trpc.frames).toContainEqual(
      expect.objectContaining({
        id: 1,
        error: expect.objectContaining({
          message: 'The API token has been revoked.',
          data: expect.objectContaining({ code: 'UNAUTHORIZED' }),
        }),
      }),
    );
    expect(plainClose.code).toBe(PLAIN_WS_CLOSE.unauthorized);
    expect(plainClose.at - revokedAt).toBeLessThan(1_000);
    expect(plain.frames.at(-1)).toMatchObject({ type: 'disconnect', reason: 'unauthorized', message: 'The API token has been revoked.' });
    expect(sseEnd.at - revokedAt).toBeLessThan(1_000);
    expect(sseEnd.text).toContain('event: serialized-error');
    expect(sseEnd.text).toContain('UNAUTHORIZED');

    // And it cannot come back.
    const again = await RawSocket.open(`${apiB.baseUrl.replace(/^http/, 'ws')}/ws`, { headers: { authorization: `Bearer ${user.token}` } });
    expect((await again.closed).code).toBe(PLAIN_WS_CLOSE.unauthorized);
  });

  it("disabling a user on process A closes the user's sockets on process B", async () => {
    const user = await issueToken(database, 'operator');
    const plain = await plainSubscriber(apiB, user.token);
    const closed = closedAt(plain);
    await httpClient(apiA.baseUrl, admin).auth.users.update.mutate({ userId: user.userId, isActive: false });
    const disabledAt = Date.now();
    const close = await closed;
    expect(close.code).toBe(PLAIN_WS_CLOSE.unauthorized);
    expect(close.at - disabledAt).toBeLessThan(1_000);
    expect(plain.frames.at(-1)).toMatchObject({ type: 'disconnect', message: "The token's user is disabled." });
  });

  it("a demoted operator's open tRPC socket gets FORBIDDEN on its next mutation, and can still read", async () => {
    const user = await issueToken(database, 'operator');
    const connection = wsConnection(apiB.wsUrl, user.token);
    const created = await connection.trpc.projects.create.mutate({ productIdea: 'Before the demotion', startRun: false });
    expect(created.project.id).toBeTruthy();

    await httpClient(apiA.baseUrl, admin).auth.users.update.mutate({ userId: user.userId, role: 'viewer' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const refused = await failureOf(connection.trpc.projects.create.mutate({ productIdea: 'After the demotion', startRun: false }));
    expect(refused.data?.code).toBe('FORBIDDEN');
    expect((await connection.trpc.projects.list.query({})).items.map((project) => project.id)).toContain(created.project.id);
    const projects = await database.db.project.findMany({ where: { productIdea: 'After the demotion' }, select: { id: true } });
    expect(projects).toEqual([]);
    await connection.ws.close();
  });

  it('each process refuses a WebSocket from a foreign origin and accepts the configured one', async () => {
    const user = await issueToken(database, 'viewer');
    for (const api of [apiA, apiB]) {
      for (const url of [api.wsUrl, `${api.baseUrl.replace(/^http/, 'ws')}/ws`]) {
        expect(await RawSocket.refusal(url, { headers: { origin: 'https://evil.example' } })).toBe(403);
        const allowed = await RawSocket.open(url, { headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${user.token}` } });
        await allowed.close();
      }
    }
  });
});
