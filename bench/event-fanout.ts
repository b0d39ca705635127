// Event fan-out to 1,000 WebSocket subscribers on loopback: write → receipt latency through
// Quarterdeck (event-log INSERT, NOTIFY, relay read, fan-out) over tRPC's subscription on
// /trpc and over the plain /ws socket, beside a bare `ws` broadcast of the same frames,
// measured in the same run, reported as ratios. The subscribers run in a process of their own
// (bench/_fanout-subscribers.ts), so the server's event loop is what is measured.
//
//   npx tsx bench/event-fanout.ts            (own embedded Postgres, or DATABASE_URL)
//   SUBSCRIBERS=500 RATES=10,25 SECONDS=4 TRANSPORTS=ws npx tsx bench/event-fanout.ts
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import { createDb, type Db } from '@quarterdeck/db';
import { createMigratedDatabase, startScratchPostgres } from '@quarterdeck/db/testing';
import { newSecret } from '../apps/api/src/auth/secrets';
import { createApiLogger, createApiServer, WebSocketServer } from '../apps/api/src/index';
import { sendOnSchedule } from './_fanout-schedule';
import type { FromSubscribers, SubscriberKind, ToSubscribers } from './_fanout-subscribers';
import type { FromWriter, ToWriter } from './_fanout-writer';

type Transport = 'trpc' | 'ws';

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
  /** Share of the sending time the server's event loop was busy. */
  busy: number;
}

/** A helper process of the bench (subscribers, writer), asked one thing at a time. */
class Helper<To extends { type: string }, From extends { type: string }> {
  readonly #child;
  readonly #ready: Promise<void>;

  constructor(file: string, args: string[] = []) {
    this.#child = fork(fileURLToPath(new URL(file, import.meta.url)), args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#ready = this.#answer().then(() => undefined);
  }

  #answer(): Promise<From> {
    return new Promise((resolve, reject) => {
      const onMessage = (answer: From) => {
        this.#child.off('exit', onExit);
        resolve(answer);
      };
      const onExit = (code: number | null) => {
        this.#child.off('message', onMessage);
        reject(new Error(`${file(this.#child.spawnargs)} exited with ${code}`));
      };
      this.#child.once('message', onMessage);
      this.#child.once('exit', onExit);
    });
  }

  async ask(message: To): Promise<From> {
    await this.#ready;
    const answer = this.#answer();
    this.#child.send(message);
    return answer;
  }

  /** Sends the closing message; the process answers and exits. */
  async stop(closing: To): Promise<void> {
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    await this.ask(closing);
    await exited;
  }
}

function file(spawnargs: string[]): string {
  return spawnargs.find((arg) => arg.endsWith('.ts')) ?? 'a bench helper';
}

class Subscribers extends Helper<ToSubscribers, FromSubscribers> {
  constructor() {
    super('./_fanout-subscribers.ts');
  }

  async received(): Promise<Map<string, number[]>> {
    const answer = await this.ask({ type: 'collect' });
    return answer.type === 'received' ? new Map(answer.entries) : new Map();
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Has `send` emit `rate` events a second for SECONDS (it reports when each left), then waits for receipts to drain. */
async function runPhase(rate: number, subscribers: Subscribers, send: (rate: number) => Promise<Map<string, number>>): Promise<Phase> {
  await subscribers.ask({ type: 'reset' });
  const started = performance.now();
  const loopBefore = performance.eventLoopUtilization();
  const sentAt = await send(rate);
  const busy = performance.eventLoopUtilization(loopBefore).utilization;
  const deadline = performance.now() + DRAIN_MS;
  while (performance.now() < deadline) {
    const progress = await subscribers.ask({ type: 'progress', wanted: SUBSCRIBERS });
    if (progress.type === 'progress' && progress.complete >= sentAt.size) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const durationMs = performance.now() - started;
  const received = await subscribers.received();
  const deliveries: number[] = [];
  const lastSubscriber: number[] = [];
  for (const [label, at] of sentAt) {
    const receipts = received.get(label) ?? [];
    for (const receipt of receipts) deliveries.push(receipt - at);
    if (receipts.length > 0) lastSubscriber.push(Math.max(...receipts) - at);
  }
  return { rate, deliveries, lastSubscriber, expected: sentAt.size * SUBSCRIBERS, durationMs, busy };
}

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

async function benchQuarterdeck(databaseUrl: string, quarterdeck: Quarterdeck, transport: Transport): Promise<Phase[]> {
  const subscribers = new Subscribers();
  const writer = new Helper<ToWriter, FromWriter>('./_fanout-writer.ts', [databaseUrl, quarterdeck.projectId]);
  const kind: SubscriberKind = transport;
  await subscribers.ask({
    type: 'open',
    kind,
    port: quarterdeck.port,
    count: SUBSCRIBERS,
    token: quarterdeck.token,
    projectId: quarterdeck.projectId,
  });
  const phases: Phase[] = [];
  for (const rate of RATES) {
    phases.push(
      await runPhase(rate, subscribers, async () => {
        const answer = await writer.ask({ type: 'phase', rate, seconds: SECONDS });
        return new Map(answer.type === 'sent' ? answer.entries : []);
      }),
    );
  }
  await Promise.all([subscribers.stop({ type: 'close' }), writer.stop({ type: 'close' })]);
  return phases;
}

async function benchBareWs(): Promise<Phase[]> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const subscribers = new Subscribers();
  await subscribers.ask({ type: 'open', kind: 'bare', port, count: SUBSCRIBERS, token: '', projectId: '' });
  let sequence = 0;
  const phases: Phase[] = [];
  for (const rate of RATES) {
    phases.push(
      await runPhase(rate, subscribers, (phaseRate) =>
        sendOnSchedule(phaseRate, SECONDS, async (label) => {
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
      ),
    );
  }
  await subscribers.stop({ type: 'close' });
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
    'loop busy': `${Math.round(q.busy * 100)}% (bare ${Math.round(b.busy * 100)}%)`,
  };
}

await withDatabase(async (url) => {
  const db = createDb(url, { applicationName: 'quarterdeck-bench' });
  console.log(`event fan-out: ${SUBSCRIBERS} WebSocket subscribers on loopback, ${SECONDS} s per rate, rates ${RATES.join(', ')} events/s`);
  const bare = await benchBareWs();
  const quarterdeck = await startQuarterdeck(db, url);
  const results: Record<Transport, Phase[]> = { trpc: [], ws: [] };
  for (const transport of TRANSPORTS) results[transport] = await benchQuarterdeck(url, quarterdeck, transport);
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
