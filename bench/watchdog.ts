// `npx tsx bench/watchdog.ts`: the watchdog's costs, all in one bounded run (PERFORMANCE.md,
// "log analysis"): stuck-detection throughput inline on the main thread vs on piscina
// threads (one, then all) including the transfer of the bytes, the main thread's event-loop
// lag p99 meanwhile, and the cost of one watchdog tick over 1,000 running sessions in
// Postgres (DATABASE_URL, or an embedded server in a temporary folder).
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createDb } from '@quarterdeck/db';
import { createMigratedDatabase, startScratchPostgres } from '@quarterdeck/db/testing';
import { createCpuPool, type CpuPool } from '../apps/worker/src/pool/cpu-pool';
import { analyseChunk } from '../apps/worker/src/watchdog/analyse-log';
import { analyseOnPool } from '../apps/worker/src/watchdog/analyse-on-pool';
import { initialAnalyserState } from '../apps/worker/src/watchdog/analyser-state';
import { DEFAULT_STUCK_POLICY } from '@quarterdeck/engine';
import { quietLogger } from '../apps/worker/src/watchdog/quiet-logger';
import { runWatchdogTick } from '../apps/worker/src/watchdog/tick';

const CHUNK_BYTES = 1024 * 1024;
const CHUNKS = 96;
const settings = { repeatedErrorCount: 3, repetitionLoopCount: 5 };

/** A CLI agent's log: tool calls every few lines, compiler output, the odd distinct error. */
function syntheticLog(bytes: number, seed: number): Uint8Array {
  const words = ['compiling', 'linking', 'checking', 'resolving', 'bundling', 'testing', 'reading', 'writing'];
  const files = ['parser', 'lexer', 'router', 'schema', 'worker', 'session', 'store', 'client', 'server', 'config'];
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const n = (i * 7919 + seed * 104_729) % 1_000_003;
    const file = `${files[n % files.length]}-${words[(n >> 3) % words.length]}`;
    const line =
      i % 12 === 0
        ? `[tool] bash npx tsc -p packages/${file}/tsconfig.json --noEmit`
        : i % 97 === 5
          ? `src/${file}.ts(${n % 400},${n % 80}): error TS2345: Argument of type '${file}' is not assignable (${seed}-${i})`
          : `  ${words[n % words.length]} src/${file}/${files[(n >> 5) % files.length]}.ts ... ok (${n % 997} ms)${i % 8 === 3 ? ' ✓' : ''} ${'-'.repeat(n % 40)}`;
    lines.push(line);
    size += Buffer.byteLength(line) + 1;
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`).subarray(0, bytes);
}

function lagMonitor() {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return () => {
    histogram.disable();
    return histogram.percentile(99) / 1e6;
  };
}

const chunks = Array.from({ length: 8 }, (_, i) => syntheticLog(CHUNK_BYTES, i));
const chunkAt = (i: number) => chunks[i % chunks.length] ?? new Uint8Array(0);
const mb = (bytes: number) => bytes / 1e6;

function inline(): { mbPerS: number; lagP99: number } {
  const stopLag = lagMonitor();
  const start = performance.now();
  let state = initialAnalyserState();
  for (let i = 0; i < CHUNKS; i++) state = analyseChunk(state, chunkAt(i), i, settings).state;
  const seconds = (performance.now() - start) / 1_000;
  return { mbPerS: mb(CHUNKS * CHUNK_BYTES) / seconds, lagP99: stopLag() };
}

/** Chunks of many iterations at once, each copied fresh (as the database hands them over) and moved to a thread. */
async function onPool(pool: CpuPool, threads: number): Promise<{ mbPerS: number; lagP99: number }> {
  // Warm the threads: each loads tsx and the analyser once.
  await Promise.all(
    Array.from({ length: threads }, (_, i) =>
      analyseOnPool(pool, 0, [{ key: String(i), state: initialAnalyserState(), chunk: new Uint8Array(chunkAt(i)), settings }]),
    ),
  );
  const stopLag = lagMonitor();
  const start = performance.now();
  const inFlight = threads * 2;
  let next = 0;
  const lane = async () => {
    while (next < CHUNKS) {
      const i = next++;
      await analyseOnPool(pool, i, [{ key: String(i), state: initialAnalyserState(), chunk: new Uint8Array(chunkAt(i)), settings }]);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - start) / 1_000;
  return { mbPerS: mb(CHUNKS * CHUNK_BYTES) / seconds, lagP99: stopLag() };
}

async function withPostgres<T>(work: (url: string) => Promise<T>): Promise<T> {
  const postgres = await startScratchPostgres(process.env.DATABASE_URL);
  const database = await createMigratedDatabase(postgres.adminUrl, `quarterdeck_bench_watchdog_${process.pid}`);
  try {
    return await work(database.url);
  } finally {
    await database.drop();
    await postgres.stop();
  }
}

const SESSIONS = 1_000;
const LOG_BYTES = 8 * 1024;

async function tickCost(pool: CpuPool): Promise<Array<{ tick: string; ms: number; bytes: number }>> {
  return withPostgres(async (url) => {
    const db = createDb(url, { maxConnections: 4 });
    try {
      const project = await db.project.create({ data: { name: 'bench', productIdea: 'a thousand agents' } });
      const ids = (count: number) => Array.from({ length: count }, () => crypto.randomUUID());
      const agents = ids(SESSIONS);
      const tasks = ids(SESSIONS);
      const sessions = ids(SESSIONS);
      const logs = Array.from({ length: SESSIONS }, (_, i) => new TextDecoder().decode(syntheticLog(LOG_BYTES, i)));
      await db.$executeRaw`INSERT INTO agents (id, name, role, runtime, status, updated_at)
        SELECT id, 'agent ' || n, 'coder', 'cli', 'working', now() FROM unnest(${agents}::uuid[]) WITH ORDINALITY AS a(id, n)`;
      await db.$executeRaw`INSERT INTO tasks (id, project_id, title, role, instructions, status, attempts, assigned_agent_id, updated_at)
        SELECT t.id, ${project.id}::uuid, 'task', 'coder', 'do it', 'working', 1, a.id, now()
        FROM unnest(${tasks}::uuid[], ${agents}::uuid[]) AS x(id, agent) JOIN LATERAL (SELECT x.id, x.agent AS id) AS t(id, agent) ON true
        JOIN LATERAL (SELECT x.agent AS id) AS a ON true`;
      await db.$executeRaw`INSERT INTO agent_sessions (id, agent_id, task_id, attempt, status, last_heartbeat_at)
        SELECT s, a, t, 1, 'running', now() FROM unnest(${sessions}::uuid[], ${agents}::uuid[], ${tasks}::uuid[]) AS x(s, a, t)`;
      await db.$executeRaw`INSERT INTO iterations (id, session_id, number, log_content)
        SELECT gen_random_uuid(), s, 1, l FROM unnest(${sessions}::uuid[], ${logs}::text[]) AS x(s, l)`;

      const base = Date.now();
      const tick = async (label: string, at: number) => {
        const report = await runWatchdogTick({
          db,
          pool,
          logger: quietLogger(),
          now: () => at,
          stepOf: () => null,
          policy: DEFAULT_STUCK_POLICY,
          heartbeatTimeoutMs: 3_600_000,
          maxChunkBytes: 8 * 1024 * 1024,
        });
        if (report.sessions !== SESSIONS || report.stopped.length > 0)
          throw new Error(`unexpected tick report: ${report.sessions} sessions, ${report.stopped.length} stopped`);
        return { tick: label, ms: report.durationMs, bytes: report.analysedBytes };
      };
      const results = [await tick(`first (${LOG_BYTES / 1024} KB new per session)`, base)];
      await db.$executeRaw`UPDATE iterations SET log_content = log_content || ${'  compiling src/next.ts ... ok\n'.repeat(64)}`;
      results.push(await tick('incremental (2 KB new per session)', base + 1_000));
      results.push(await tick('quiet (no new bytes)', base + 2_000));
      return results;
    } finally {
      await db.$disconnect();
    }
  });
}

async function main() {
  const deadline = setTimeout(() => {
    console.error('bench/watchdog.ts: over its 2-minute budget; stopping');
    process.exit(1);
  }, 120_000);
  deadline.unref();

  const threads = Math.max(1, Math.min(4, os.availableParallelism()));
  console.log(`Watchdog bench: ${CHUNKS} × ${CHUNK_BYTES / 1024 / 1024} MB of synthetic CLI log; ${os.availableParallelism()} CPUs\n`);
  const inlineResult = inline();
  const one = createCpuPool({ maxThreads: 1 });
  const oneResult = await onPool(one, 1);
  await one.destroy();
  const all = createCpuPool({ maxThreads: threads });
  const allResult = await onPool(all, threads);

  const row = (name: string, r: { mbPerS: number; lagP99: number }, note: string) =>
    console.log(`${name.padEnd(34)} ${r.mbPerS.toFixed(0).padStart(6)} MB/s   lag p99 ${r.lagP99.toFixed(1).padStart(6)} ms   ${note}`);
  row('inline, main thread', inlineResult, 'baseline; blocks the event loop for the whole run (lag not measurable)');
  row(
    'piscina, 1 thread (incl. transfer)',
    oneResult,
    `${(oneResult.mbPerS / inlineResult.mbPerS).toFixed(2)}× inline; target ≥ 200 MB/s, lag p99 < 20 ms`,
  );
  row(`piscina, ${threads} threads total`, allResult, `${(allResult.mbPerS / threads).toFixed(0)} MB/s per thread`);

  console.log(
    `\nWatchdog tick over ${SESSIONS} running sessions (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded Postgres'}, pool of ${threads}):`,
  );
  for (const result of await tickCost(all)) {
    console.log(`  ${result.tick.padEnd(40)} ${result.ms.toFixed(0).padStart(6)} ms   ${(result.bytes / 1e6).toFixed(1)} MB analysed`);
  }
  await all.destroy();
  const pass = oneResult.mbPerS >= 200 && oneResult.lagP99 < 20 && allResult.lagP99 < 20;
  console.log(`\n${pass ? 'PASS' : 'FAIL'}: ≥ 200 MB/s per pool thread including transfer, event-loop lag p99 < 20 ms`);
  process.exitCode = pass ? 0 : 1;
}

await main();
