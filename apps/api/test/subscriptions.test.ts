import { parseQuarterdeckEvent, type QuarterdeckEvent } from '@quarterdeck/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishEvents } from '@quarterdeck/engine';
import { LiveSubscription } from '../src/events/live-subscription';
import { LiveAuth } from '../src/live/live-auth';
import { collect, labelOf, writeProjectEvents } from './events-helpers';
import { eventually, httpClient, startTestApi, wsConnection, type TestApi } from './harness';

let env: TestApi;
let projectId: string;
let otherProjectId: string;

beforeAll(async () => {
  env = await startTestApi();
  const operator = httpClient(env.baseUrl, env.tokens.operator);
  projectId = (await operator.projects.create.mutate({ productIdea: 'Live project', startRun: false })).project.id;
  otherProjectId = (await operator.projects.create.mutate({ productIdea: 'Other project', startRun: false })).project.id;
});
afterAll(async () => {
  await env.close();
});

const labels = (count: number, label: string) => Array.from({ length: count }, (_, index) => `${label}-${index}`);

describe('live events over WebSocket', () => {
  it('delivers events written by another connection, filtered by channel and project, each tracked with its log id', async () => {
    const connection = wsConnection(env.wsUrl, env.tokens.viewer);
    const projectEvents = await collect(connection, { channels: ['projects'], projectId });
    const taskEvents = await collect(connection, { channels: ['tasks'], projectId });
    await writeProjectEvents(env.database.db, otherProjectId, 3, 'elsewhere');
    await writeProjectEvents(env.database.db, projectId, 5, 'live');
    await eventually(() => projectEvents.events.length === 5, 'five live events');
    expect(projectEvents.events.map(labelOf)).toEqual(labels(5, 'live'));
    expect(projectEvents.trackedIds).toEqual(projectEvents.events.map((event) => event.id));
    expect(projectEvents.events.every((event) => event.projectId === projectId)).toBe(true);
    expect(taskEvents.events).toEqual([]);
    await connection.ws.close();
  });

  it('a subscriber that disconnects while events keep coming resumes with its last id and gets exactly the missed ones, in order', async () => {
    const first = wsConnection(env.wsUrl, env.tokens.viewer);
    const before = await collect(first, { channels: ['projects'], projectId });
    await writeProjectEvents(env.database.db, projectId, 4, 'before');
    await eventually(() => before.events.length === 4, 'the first four events');
    const lastSeen = before.trackedIds.at(-1);
    await first.ws.close();

    await writeProjectEvents(env.database.db, projectId, 6, 'missed');

    const second = wsConnection(env.wsUrl, env.tokens.viewer);
    const resumed = await collect(second, { channels: ['projects'], projectId, lastEventId: lastSeen });
    // Written while the back-fill may still be running: must come after it, once.
    const concurrent = writeProjectEvents(env.database.db, projectId, 3, 'after');
    await concurrent;
    await eventually(() => resumed.events.length >= 9, 'missed and new events');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(resumed.events.map(labelOf)).toEqual([...labels(6, 'missed'), ...labels(3, 'after')]);
    const ids = resumed.events.map((event) => BigInt(event.id));
    expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? 0n))).toBe(true);
    await second.ws.close();
  });

  it('keeps delivering, with no gap, after its database connection is killed (a Postgres restart)', async () => {
    const connection = wsConnection(env.wsUrl, env.tokens.viewer);
    const live = await collect(connection, { channels: ['projects'], projectId });
    await writeProjectEvents(env.database.db, projectId, 2, 'pre');
    await eventually(() => live.events.length === 2, 'events before the outage');

    const killed = await env.database.db.$queryRawUnsafe<Array<{ killed: boolean }>>(
      "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'quarterdeck-api-events' AND datname = current_database()",
    );
    expect(killed.length).toBeGreaterThan(0);
    await writeProjectEvents(env.database.db, projectId, 5, 'during');
    await eventually(() => env.api.deps.relay.connected, 'the relay reconnects');
    await writeProjectEvents(env.database.db, projectId, 2, 'post');
    await eventually(() => live.events.length === 9, 'every event across the outage');
    expect(live.events.map(labelOf)).toEqual([...labels(2, 'pre'), ...labels(5, 'during'), ...labels(2, 'post')]);
    await connection.ws.close();
  });

  it('a burst of 6,000 events in one transaction arrives complete and in order', async () => {
    const connection = wsConnection(env.wsUrl, env.tokens.viewer);
    const live = await collect(connection, { channels: ['projects'], projectId });
    await publishEvents(
      env.database.db,
      Array.from({ length: 6_000 }, (_, index) => ({
        type: 'project.updated' as const,
        projectId,
        payload: { changedFields: [`bulk-${index}`] },
      })),
    );
    await eventually(() => live.events.length === 6_000, 'all 6,000 events', 30_000);
    expect(live.events.map(labelOf)).toEqual(labels(6_000, 'bulk'));
    await connection.ws.close();
  });

  it('an in-process subscriber that stops reading past its queue bound is caught up from the log, losing nothing', async () => {
    const controller = new AbortController();
    const viewer = await env.database.db.apiToken.findFirstOrThrow({
      where: { user: { role: 'viewer' } },
      select: { id: true, userId: true },
    });
    const auth = new LiveAuth({
      caller: { userId: viewer.userId, tokenId: viewer.id, role: 'viewer' },
      rateLimitPerMinute: 600,
      expiresAt: null,
    });
    const subscription = new LiveSubscription(env.api.deps, { channels: ['projects'], projectId }, auth, controller.signal, {
      maxQueued: 10,
    });
    const stream = subscription[Symbol.asyncIterator]();
    // Start the iterator so it is attached, then stop reading while 100 events arrive.
    const firstRead = stream.next();
    await writeProjectEvents(env.database.db, projectId, 1, 'first');
    const first = await firstRead;
    expect(first.done === false && labelOf(first.value[1])).toBe('first-0');
    await writeProjectEvents(env.database.db, projectId, 100, 'overflow');
    await eventually(
      () => env.api.deps.relay.lastDeliveredId >= BigInt(first.done === false ? first.value[0] : '0') + 100n,
      'the relay read all 100',
    );
    const received: string[] = [];
    for (;;) {
      const next = await stream.next();
      if (next.done) break;
      received.push(labelOf(next.value[1]));
      if (received.length === 100) break;
    }
    controller.abort();
    expect(received).toEqual(labels(100, 'overflow'));
  });
});

describe('llm.tokens coalescing', () => {
  type Tokens = QuarterdeckEvent<'llm.tokens'>;
  const tokens = (requestId: string, sequence: number) => ({
    type: 'llm.tokens' as const,
    projectId,
    payload: { requestId, sequence, text: `${requestId}:${sequence};` },
  });
  const fullText = (requestId: string, count: number) =>
    Array.from({ length: count }, (_, sequence) => `${requestId}:${sequence};`).join('');
  /** What the dashboard does with token frames (live-activity.ts): skip batches already applied, append the rest. */
  const applied = (frames: QuarterdeckEvent[]) => {
    const streams = new Map<string, { text: string; next: number }>();
    for (const frame of frames) {
      if (frame.type !== 'llm.tokens') continue;
      const stream = streams.get(frame.payload.requestId) ?? { text: '', next: 0 };
      if (frame.payload.sequence >= stream.next) {
        stream.text += frame.payload.text;
        stream.next = frame.payload.sequence + 1;
      }
      streams.set(frame.payload.requestId, stream);
    }
    return new Map([...streams].map(([requestId, stream]) => [requestId, stream.text]));
  };

  it('a storm of one stream arrives as far fewer frames carrying every batch, in order, the last tracked with the last id', async () => {
    const connection = wsConnection(env.wsUrl, env.tokens.viewer);
    const live = await collect(connection, { channels: ['tokens'], projectId });
    await publishEvents(
      env.database.db,
      Array.from({ length: 50 }, (_, sequence) => tokens('storm', sequence)),
    );
    const lastId = (
      await env.database.db.event.findFirstOrThrow({ where: { type: 'llm.tokens' }, orderBy: { id: 'desc' }, select: { id: true } })
    ).id;
    await eventually(() => live.trackedIds.at(-1) === String(lastId), 'the last batch');
    const frames = live.events as Tokens[];
    expect(frames.length).toBeLessThan(5);
    expect(frames.map((frame) => frame.payload.text).join('')).toBe(fullText('storm', 50));
    let next = 0;
    for (const frame of frames) {
      expect(frame.payload.firstSequence ?? frame.payload.sequence).toBe(next);
      next = frame.payload.sequence + 1;
    }
    expect(next).toBe(50);
    expect(frames.at(-1)?.id).toBe(String(lastId));
    await connection.ws.close();
  });

  it('interleaved streams: each arrives whole, and a client cut off after any frame resumes from its tracked id with no gap', async () => {
    const connection = wsConnection(env.wsUrl, env.tokens.viewer);
    const live = await collect(connection, { channels: ['tokens'], projectId });
    await publishEvents(
      env.database.db,
      Array.from({ length: 40 }, (_, index) => tokens(index % 2 === 0 ? 'left' : 'right', Math.floor(index / 2))),
    );
    await eventually(() => applied(live.events).get('right')?.length === fullText('right', 20).length, 'both streams');
    expect(applied(live.events)).toEqual(
      new Map([
        ['left', fullText('left', 20)],
        ['right', fullText('right', 20)],
      ]),
    );
    const tracked = live.trackedIds.map(BigInt);
    expect(tracked.every((id, index) => index === 0 || id >= (tracked[index - 1] ?? 0n))).toBe(true);
    await connection.ws.close();

    for (let cut = 0; cut < live.events.length; cut += 1) {
      const resumed = wsConnection(env.wsUrl, env.tokens.viewer);
      const rest = await collect(resumed, { channels: ['tokens'], projectId, lastEventId: live.trackedIds[cut] });
      const seen = [...live.events.slice(0, cut + 1)];
      await eventually(
        () => applied([...seen, ...rest.events]).get('right')?.length === fullText('right', 20).length,
        `the rest after frame ${cut}`,
      );
      expect(applied([...seen, ...rest.events])).toEqual(
        new Map([
          ['left', fullText('left', 20)],
          ['right', fullText('right', 20)],
        ]),
      );
      await resumed.ws.close();
    }
  });

  it('held tokens go out before an event written after them', async () => {
    const connection = wsConnection(env.wsUrl, env.tokens.viewer);
    const live = await collect(connection, { channels: ['tokens', 'projects'], projectId });
    await publishEvents(env.database.db, [
      ...Array.from({ length: 5 }, (_, sequence) => tokens('ordered', sequence)),
      { type: 'project.updated', projectId, payload: { changedFields: ['after-tokens'] } },
    ]);
    await eventually(() => live.events.some((event) => event.type === 'project.updated'), 'the project event');
    expect(live.events.map((event) => event.type)).toEqual([
      ...new Array<string>(live.events.length - 1).fill('llm.tokens'),
      'project.updated',
    ]);
    expect(applied(live.events).get('ordered')).toBe(fullText('ordered', 5));
    await connection.ws.close();
  });
});

describe('SSE fallback over the same HTTP handler', () => {
  it('streams tracked events as server-sent events and resumes after the last id', async () => {
    const before = await writeAndReadSse(null, 'sse-a', 3);
    expect(before.events.map(labelOf)).toEqual(labels(3, 'sse-a'));
    const lastId = before.ids.at(-1) ?? null;
    await writeProjectEvents(env.database.db, projectId, 2, 'sse-missed');
    const resumed = await writeAndReadSse(lastId, 'sse-b', 2);
    expect(resumed.events.map(labelOf)).toEqual([...labels(2, 'sse-missed'), ...labels(2, 'sse-b')]);
    expect(resumed.ids).toEqual(resumed.events.map((event) => event.id));
  });

  it('refuses an SSE subscription without a token', async () => {
    const response = await fetch(`${env.baseUrl}/trpc/events.subscribe?input=${encodeURIComponent(JSON.stringify({ projectId }))}`);
    const body = await response.text();
    expect(body).toContain('UNAUTHORIZED');
  });
});

/** Opens an SSE subscription with fetch (Node has no EventSource), writes `count` events, reads until they arrive. */
async function writeAndReadSse(lastEventId: string | null, label: string, count: number) {
  const input = { channels: ['projects'], projectId, ...(lastEventId ? { lastEventId } : {}) };
  const controller = new AbortController();
  const response = await fetch(`${env.baseUrl}/trpc/events.subscribe?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { authorization: `Bearer ${env.tokens.viewer}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  if (!response.body) throw new Error('no SSE body');
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const decoder = new TextDecoder();
  const events: QuarterdeckEvent[] = [];
  const ids: string[] = [];
  let buffer = '';
  let wrote = false;
  const expected = count + (lastEventId ? 2 : 0);
  while (events.length < expected) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let boundary = buffer.indexOf('\n\n');
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      boundary = buffer.indexOf('\n\n');
      const lines = block.split('\n');
      const dataLine = lines.find((line) => line.startsWith('data: '));
      const idLine = lines.find((line) => line.startsWith('id: '));
      const isConnected = lines.some((line) => line === 'event: connected');
      if (isConnected && !wrote) {
        wrote = true;
        void writeProjectEvents(env.database.db, projectId, count, label);
      }
      if (!dataLine || !idLine || isConnected) continue;
      events.push(parseQuarterdeckEvent(JSON.parse(dataLine.slice('data: '.length))));
      ids.push(idLine.slice('id: '.length));
    }
  }
  controller.abort();
  return { events, ids };
}
