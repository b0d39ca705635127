// Event fan-out to 1,000 WebSocket subscribers on loopback: write → receipt latency through
// Quarterdeck (event-log INSERT, NOTIFY, relay read, fan-out) over tRPC's subscription on
// /trpc and over the plain /ws socket, beside a bare `ws` broadcast of the same frames,
// measured in the same run, reported as ratios.
//
//   npx tsx bench/event-fanout.ts            (own embedded Postgres, or DATABASE_URL)
//   SUBSCRIBERS=500 RATES=10,25 SECONDS=4 TRANSPORTS=ws npx tsx bench/event-fanout.ts
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import { createDb, type Db } from '@quarterdeck/db';
import { createMigratedDatabase, startScratchPostgres } from '@quarterdeck/db/testing';
import { newSecret } from '../apps/api/src/auth/secrets';
import { recordEvents } from '../apps/api/src/events/record-event';
import { createApiLogger, createApiServer, WebSocket, WebSocketServer } from '../apps/api/src/index';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 1_000);
const RATES = (process.env.RATES ?? '10,25,50').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 5);
const TRANSPORTS = (process.env.TRANSPORTS ?? 'trpc,ws').split(',').filter((name): name is Transport => name === 'trpc' || name === 'ws');
/** Receipts still missing this long after the last write count as lost. */
const DRAIN_MS = 3_000;

interface Phase {
  rate: number;
  /** write → receipt of every delivery, ms */
  deliveries: number[];
  /** per event: the slowest subscriber's latency, ms */
  lastSubscriber: number[];
  expected: number;
  durationMs: number;
}

/** Subscribers record receipt times keyed by the label in the frame; the writer records send times. */
class Recorder {
  readonly sentAt = new Map<string, number>();
  readonly received = new Map<string, number[]>();
  record(label: string): void {
    const now = performance.now();
    const list = this.received.get(label);
    if (list) list.push(now);
    else this.received.set(label, [now]);
  }
  summarise(rate: number, durationMs: number): Phase {
    const deliveries: number[] = [];
    const lastSubscriber: number[] = [];
    for (const [label, sentAt] of this.sentAt) {
      const receipts = this.received.get(label) ?? [];
      for (const at of receipts) deliveries.push(at - sentAt);
      if (receipts.length > 0) lastSubscriber.push(Math.max(...receipts) - sentAt);
    }
    return { rate, deliveries, lastSubscriber, expected: this.sentAt.size * SUBSCRIBERS, durationMs };
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Sends `rate` events a second for SECONDS, then waits for receipts to drain. */
async function runPhase(rate: number, recorder: Recorder, write: (label: string) => Promise<void>): Promise<Phase> {
  const total = rate * SECONDS;
  const interval = 1_000 / rate;
  const started = performance.now();
  const writes: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const label = `r${rate}-${index}`;
    recorder.sentAt.set(label, performance.now());
    writes.push(write(label));
  }
  await Promise.all(writes);
  const deadline = performance.now() + DRAIN_MS;
  while (performance.now() < deadline) {
    let complete = 0;
    for (const label of recorder.sentAt.keys()) if ((recorder.received.get(label)?.length ?? 0) >= SUBSCRIBERS) complete += 1;
    if (complete === recorder.sentAt.size) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return recorder.summarise(rate, performance.now() - started);
}

function frameText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

interface Frame {
  result?: { type?: string; data?: { data?: { payload?: { changedFields?: string[] } } } };
  event?: { payload?: { changedFields?: string[] } };
}

/** The label (the event's only changed field) of a tRPC data frame or a /ws event frame; null for anything else. */
function labelFromFrame(frame: string): string | null {
  if (!frame.startsWith('{')) return null; // tRPC's PING
  const message = JSON.parse(frame) as Frame;
  if (message.result?.type === 'data') return message.result.data?.data?.payload?.changedFields?.[0] ?? null;
  return message.event?.payload?.changedFields?.[0] ?? null;
}

async function connectAll(count: number, open: (index: number) => Promise<WebSocket>): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  // In batches, so 1,000 handshakes do not pile up on one event-loop turn.
  for (let start = 0; start < count; start += 100) {
    const batch = await Promise.all(Array.from({ length: Math.min(100, count - start) }, (_, offset) => open(start + offset)));
    sockets.push(...batch);
  }
  return sockets;
}

type Transport = 'trpc' | 'ws';

interface Quarterdeck {
  port: number;
  token: string;
  projectId: string;
  close(): Promise<void>;
}

async function startQuarterdeck(db: Db, databaseUrl: string): Promise<Quarterdeck> {
  const catalog = await loadTemplates(defaultTemplatesDir());
  const api = createApiServer({
    db,
    logger: createApiLogger('warn'),
    catalog,
    databaseUrl,
    webDist: '/nonexistent',
    publicUrl: 'http://localhost',
  });
  const port = await api.listen(0, '127.0.0.1');
  const secret = newSecret();
  const user = await db.user.create({
    data: { email: `bench-${secret.prefix}@localhost`, name: 'Bench', role: 'viewer' },
    select: { id: true },
  });
  await db.apiToken.create({
    data: { userId: user.id, name: 'bench', tokenHash: secret.hash, prefix: secret.prefix, rateLimitPerMinute: 100_000 },
    select: { id: true },
  });
  const project = await db.project.create({ data: { name: 'Fan-out bench', productIdea: 'bench' }, select: { id: true } });
  return { port, token: secret.plain, projectId: project.id, close: () => api.close() };
}

/** One subscriber over `transport`; resolves once the server has confirmed the subscription. */
function subscriber(quarterdeck: Quarterdeck, transport: Transport, index: number, onFrame: (text: string) => void): Promise<WebSocket> {
  const { port, token, projectId } = quarterdeck;
  const socket =
    transport === 'trpc'
      ? new WebSocket(`ws://127.0.0.1:${port}/trpc?connectionParams=1`)
      : new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { authorization: `Bearer ${token}` } });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data) => {
      const text = frameText(data);
      if (text.includes('"started"') || text.includes('"subscribed"')) resolve(socket);
      onFrame(text);
    });
    socket.once('open', () => {
      if (transport === 'ws') {
        socket.send(JSON.stringify({ type: 'subscribe', channels: ['projects'], project_id: projectId }));
        return;
      }
      socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
      socket.send(
        JSON.stringify({
          id: index + 1,
          method: 'subscription',
          params: { path: 'events.subscribe', input: { channels: ['projects'], projectId } },
        }),
      );
    });
  });
}

async function benchQuarterdeck(db: Db, quarterdeck: Quarterdeck, transport: Transport): Promise<Phase[]> {
  let recorder = new Recorder();
  const sockets = await connectAll(SUBSCRIBERS, (index) =>
    subscriber(quarterdeck, transport, index, (text) => {
      const label = labelFromFrame(text);
      if (label) recorder.record(label);
    }),
  );
  const phases: Phase[] = [];
  for (const rate of RATES) {
    recorder = new Recorder();
    phases.push(
      await runPhase(rate, recorder, (label) =>
        recordEvents(db, [{ type: 'project.updated', projectId: quarterdeck.projectId, payload: { changedFields: [label] } }]),
      ),
    );
  }
  for (const socket of sockets) socket.terminate();
  return phases;
}

async function benchBareWs(): Promise<Phase[]> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  let recorder = new Recorder();
  const sockets = await connectAll(SUBSCRIBERS, () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`);
    socket.on('message', (data) => {
      const label = labelFromFrame(frameText(data));
      if (label) recorder.record(label);
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  });
  let sequence = 0;
  const phases: Phase[] = [];
  for (const rate of RATES) {
    recorder = new Recorder();
    phases.push(
      await runPhase(rate, recorder, async (label) => {
        sequence += 1;
        // The same frame tRPC sends for a tracked event, built and serialised once, sent to every client.
        const event = {
          id: String(sequence),
          type: 'project.updated',
          severity: 'info',
          payload: { changedFields: [label] },
          createdAt: new Date().toISOString(),
          projectId: '00000000-0000-4000-8000-000000000000',
        };
        const frame = JSON.stringify({ id: 1, result: { type: 'data', id: event.id, data: { id: event.id, data: event } } });
        for (const client of wss.clients) client.send(frame);
      }),
    );
  }
  for (const socket of sockets) socket.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return phases;
}

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const postgres = await startScratchPostgres(process.env.DATABASE_URL);
  const database = await createMigratedDatabase(postgres.adminUrl, `quarterdeck_bench_fanout_${process.pid}`);
  try {
    return await work(database.url);
  } finally {
    await database.drop();
    await postgres.stop();
  }
}

function format(ms: number): string {
  return Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a';
}

function row(rate: number, q: Phase, b: Phase) {
  const qP50 = percentile(q.deliveries, 50);
  const qP99 = percentile(q.deliveries, 99);
  const bP50 = percentile(b.deliveries, 50);
  const bP99 = percentile(b.deliveries, 99);
  return {
    'events/s': rate,
    'deliveries/s': Math.round((q.deliveries.length / q.durationMs) * 1000),
    p50: format(qP50),
    p99: format(qP99),
    'last-subscriber p99': format(percentile(q.lastSubscriber, 99)),
    lost: q.expected - q.deliveries.length,
    'bare ws p50': format(bP50),
    'bare ws p99': format(bP99),
    'p50 ratio': (qP50 / bP50).toFixed(1),
    'p99 ratio': (qP99 / bP99).toFixed(1),
  };
}

await withDatabase(async (url) => {
  const db = createDb(url, { applicationName: 'quarterdeck-bench' });
  console.log(`event fan-out: ${SUBSCRIBERS} WebSocket subscribers on loopback, ${SECONDS} s per rate, rates ${RATES.join(', ')} events/s`);
  const bare = await benchBareWs();
  const quarterdeck = await startQuarterdeck(db, url);
  const results: Record<Transport, Phase[]> = { trpc: [], ws: [] };
  for (const transport of TRANSPORTS) results[transport] = await benchQuarterdeck(db, quarterdeck, transport);
  await quarterdeck.close();
  await db.$disconnect();
  const titles = { trpc: 'tRPC subscription (events.subscribe over /trpc)', ws: 'plain WebSocket (/ws)' };
  for (const transport of TRANSPORTS) {
    const title = titles[transport];
    console.log(`\n${title}, beside bare ws in the same run`);
    console.table(
      RATES.map((rate, index) => {
        const q = results[transport][index];
        const b = bare[index];
        if (!q || !b) throw new Error('missing phase');
        return row(rate, q, b);
      }),
    );
  }
});
