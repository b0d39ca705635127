import { readFileSync } from 'node:fs';
import { PLAIN_WS_CLOSE } from '@quarterdeck/contracts';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { publishEvents } from '@quarterdeck/engine';
import { killApiProcesses, startApiProcess, type ApiProcess } from './api-process';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import type { AppRouter } from '../src/router';
import { collect, labelOf } from './events-helpers';
import { eventually, frameText, httpClient, issueToken } from './harness';

// 100 subscribers (half tRPC, half /ws) stop reading while 7.7 MB of events flow to each:
// far more than the loopback socket buffers take (about 4 MB a connection here). Each is
// disconnected once its unsent frames pass the configured bound, so the API process's memory
// stays bounded; each then reconnects with its last id and gets every event exactly once.

const SUBSCRIBERS = 100;
const EVENTS = 160;
const EVENT_BYTES = 48 * 1024;
const MAX_BUFFERED = 256 * 1024;

let database: TestDatabase;
let api: ApiProcess;
let token: string;
let projectId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  api = await startApiProcess(database, { QUARTERDECK_LIVE_MAX_BUFFERED_BYTES: String(MAX_BUFFERED) });
  token = (await issueToken(database, 'viewer', { rateLimitPerMinute: 100_000 })).token;
  const operator = (await issueToken(database, 'operator')).token;
  projectId = (await httpClient(api.baseUrl, operator).projects.create.mutate({ productIdea: 'Slow readers', startRun: false })).project.id;
}, 120_000);
afterAll(async () => {
  await api.stop();
  killApiProcesses();
  await database.drop();
});

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? Number.NaN) * 1024;
}

type Kind = 'trpc' | 'ws';

/** A subscriber that keeps only each event's label and the cursor to resume after (the frames are megabytes). */
class Subscriber {
  readonly labels: string[] = [];
  lastId: string | null = null;
  readonly socket: WebSocket;
  readonly closed: Promise<number>;
  readonly subscribed: Promise<void>;

  constructor(kind: Kind, lastId: string | null) {
    this.lastId = lastId;
    const base = api.baseUrl.replace(/^http/, 'ws');
    this.socket =
      kind === 'ws'
        ? new WebSocket(`${base}/ws`, { headers: { authorization: `Bearer ${token}` } })
        : new WebSocket(`${base}/trpc?connectionParams=1`);
    this.closed = new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
    this.subscribed = new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.on('message', (data) => {
        const frame = JSON.parse(frameText(data)) as {
          type?: string;
          id?: string | number;
          result?: { type?: string; id?: string; data?: { data?: { payload?: { changedFields?: string[] } } } };
          event?: { payload?: { changedFields?: string[] } };
        };
        if (frame.type === 'subscribed' || frame.result?.type === 'started') resolve();
        const event = kind === 'ws' ? frame.event : frame.result?.type === 'data' ? frame.result.data?.data : undefined;
        const label = event?.payload?.changedFields?.[0];
        if (label === undefined) return;
        this.labels.push(label);
        this.lastId = kind === 'ws' ? String(frame.id) : (frame.result?.id ?? null);
      });
      this.socket.once('open', () => {
        if (kind === 'ws') {
          this.socket.send(JSON.stringify({ type: 'subscribe', channels: ['projects'], project_id: projectId, last_event_id: lastId }));
          return;
        }
        this.socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
        this.socket.send(
          JSON.stringify({
            id: 1,
            method: 'subscription',
            params: { path: 'events.subscribe', input: { channels: ['projects'], projectId }, ...(lastId ? { lastEventId: lastId } : {}) },
          }),
        );
      });
    });
  }
}

describe('subscribers that stop reading', () => {
  it('are disconnected at a bounded buffer, so API memory stays bounded, and each resumes with every event exactly once', async () => {
    const kinds: Kind[] = Array.from({ length: SUBSCRIBERS }, (_, index) => (index % 2 === 0 ? 'ws' : 'trpc'));
    const first = kinds.map((kind) => new Subscriber(kind, null));
    await Promise.all(first.map((subscriber) => subscriber.subscribed));
    for (const subscriber of first) subscriber.socket.pause();

    const pid = api.child.pid ?? 0;
    const baseline = rssBytes(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 50);
    const filler = 'x'.repeat(EVENT_BYTES);
    for (let start = 0; start < EVENTS; start += 8) {
      await publishEvents(
        database.db,
        Array.from({ length: 8 }, (_, offset) => ({
          type: 'project.updated' as const,
          projectId,
          payload: { changedFields: [`slow-${start + offset}`, filler] },
        })),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    clearInterval(sampler);
    const flowedPerSubscriber = EVENTS * EVENT_BYTES;
    console.log(
      `API RSS with ${SUBSCRIBERS} subscribers not reading ${(flowedPerSubscriber / 2 ** 20).toFixed(1)} MB each ` +
        `(bound ${MAX_BUFFERED / 1024} KB unsent per subscriber): baseline ${(baseline / 2 ** 20).toFixed(0)} MB, ` +
        `peak ${(peak / 2 ** 20).toFixed(0)} MB (+${((peak - baseline) / 2 ** 20).toFixed(0)} MB)`,
    );
    // The bound is 256 KB of unsent frames per subscriber (25 MB for 100) plus one frame each; generous room for the rest.
    expect(peak - baseline).toBeLessThan(150 * 2 ** 20);

    for (const subscriber of first) subscriber.socket.resume();
    const codes = await Promise.all(first.map((subscriber) => subscriber.closed));
    // Closed for falling behind (or, if it read too late to finish the close handshake, dropped).
    for (const code of codes) expect([PLAIN_WS_CLOSE.slowConsumer, 1006]).toContain(code);
    console.log(
      `closed as slow consumers (4429): ${codes.filter((code) => code === PLAIN_WS_CLOSE.slowConsumer).length}, dropped after the close timeout (1006): ${codes.filter((code) => code === 1006).length}`,
    );
    expect(first.every((subscriber) => subscriber.labels.length < EVENTS)).toBe(true);

    const second = first.map((subscriber, index) => new Subscriber(kinds[index] ?? 'ws', subscriber.lastId));
    await eventually(
      () => second.every((subscriber, index) => subscriber.labels.length + (first[index]?.labels.length ?? 0) >= EVENTS),
      'every subscriber to have every event',
      90_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const expected = Array.from({ length: EVENTS }, (_, index) => `slow-${index}`);
    for (const [index, subscriber] of second.entries()) {
      expect([...(first[index]?.labels ?? []), ...subscriber.labels], `subscriber ${index} (${kinds[index]})`).toEqual(expected);
      subscriber.socket.close();
    }
  }, 180_000);

  it("tRPC's own client, cut off as slow, reconnects by itself and resumes with lastEventId, losing and repeating nothing", async () => {
    const sockets: WebSocket[] = [];
    // The WebSocket the client opens, kept so the test can stop it reading like a stalled browser tab.
    class RecordedWebSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols);
        sockets.push(this);
      }
    }
    const closeCodes: number[] = [];
    const client = createWSClient({
      url: api.wsUrl,
      WebSocket: RecordedWebSocket as unknown as typeof globalThis.WebSocket,
      connectionParams: { token },
      retryDelayMs: () => 50,
      onClose: (cause) => closeCodes.push(cause?.code ?? 0),
    });
    const connection = { ws: client, trpc: createTRPCClient<AppRouter>({ links: [wsLink({ client })] }) };
    const live = await collect(connection, { channels: ['projects'], projectId });
    sockets[0]?.pause();
    const filler = 'y'.repeat(EVENT_BYTES);
    for (let start = 0; start < EVENTS; start += 8) {
      await publishEvents(
        database.db,
        Array.from({ length: 8 }, (_, offset) => ({
          type: 'project.updated' as const,
          projectId,
          payload: { changedFields: [`stalled-${start + offset}`, filler] },
        })),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    sockets[0]?.resume();
    await eventually(() => live.events.length >= EVENTS, 'every event through the reconnect', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closeCodes).toContain(PLAIN_WS_CLOSE.slowConsumer);
    expect(sockets.length).toBeGreaterThan(1);
    expect(live.events.map(labelOf)).toEqual(Array.from({ length: EVENTS }, (_, index) => `stalled-${index}`));
    await client.close();
  }, 120_000);

  it('an SSE stream that stops being read is dropped at the bound, and EventSource-style resume with Last-Event-ID gets the rest once', async () => {
    const url = `${api.baseUrl}/trpc/events.subscribe?input=${encodeURIComponent(JSON.stringify({ channels: ['projects'], projectId }))}`;
    const labels: string[] = [];
    let lastId: string | null = null;
    /** Reads SSE blocks, keeping each event's label and id; false when the stream ended. */
    const readAll = async (reader: ReadableStreamDefaultReader<Uint8Array>, until: () => boolean) => {
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
        if (chunk.done) return false;
        buffer += decoder.decode(chunk.value, { stream: true });
        for (let boundary = buffer.indexOf('\n\n'); boundary >= 0; boundary = buffer.indexOf('\n\n')) {
          const lines = buffer.slice(0, boundary).split('\n');
          buffer = buffer.slice(boundary + 2);
          const data = lines.find((line) => line.startsWith('data: {'));
          const id = lines.find((line) => line.startsWith('id: '));
          if (!data || !id) continue;
          labels.push(String((JSON.parse(data.slice(6)) as { payload: { changedFields: string[] } }).payload.changedFields[0]));
          lastId = id.slice(4);
        }
        if (until()) return true;
      }
    };
    const first = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
    const firstReader = first.body?.getReader();
    if (!firstReader) throw new Error('no SSE body');
    // Not read while 7.5 MB of events are written for it.
    const filler = 'z'.repeat(EVENT_BYTES);
    for (let start = 0; start < EVENTS; start += 8) {
      await publishEvents(
        database.db,
        Array.from({ length: 8 }, (_, offset) => ({
          type: 'project.updated' as const,
          projectId,
          payload: { changedFields: [`sse-${start + offset}`, filler] },
        })),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await readAll(firstReader, () => labels.length >= EVENTS)).toBe(false);
    expect(labels.length).toBeLessThan(EVENTS);

    const second = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', 'last-event-id': lastId ?? '' },
    });
    const secondReader = second.body?.getReader();
    if (!secondReader) throw new Error('no SSE body');
    expect(await readAll(secondReader, () => labels.length >= EVENTS)).toBe(true);
    await secondReader.cancel();
    expect(labels).toEqual(Array.from({ length: EVENTS }, (_, index) => `sse-${index}`));
  }, 120_000);
});
