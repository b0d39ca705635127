// Orchestration latency and throughput: how long a task that became ready waits before its
// execution starts (p50 / p99), and tasks per second with N worker processes' runners, beside
// graphile-worker's bare add_job → task start latency measured in the same run, as a ratio.
// Postgres: DATABASE_URL, or an embedded server in a temporary folder.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createProjectInput } from '@quarterdeck/contracts';
import { defaultTemplatesDir, loadTemplates, type TemplateCatalog } from '@quarterdeck/contracts/templates';
import { createDb, type Db } from '@quarterdeck/db';
import { createMigratedDatabase, startScratchPostgres } from '@quarterdeck/db/testing';
import { quietLogger } from '../apps/worker/src/watchdog/quiet-logger';
import { createProjectFromIdea } from '@quarterdeck/engine';
import { orchestrationJobs } from '../apps/worker/src/orchestration/orchestration-jobs';
import type { AgentExecutor } from '@quarterdeck/engine';
import { simulatedContent } from '../apps/worker/src/orchestration/simulated-executor';
import type { JobModule } from '../apps/worker/src/jobs/job-module';
import { Logger as GraphileLogger, run } from 'graphile-worker';
import { startWorkerProcess, type WorkerProcess } from '../apps/worker/src/worker-process';

const CHAIN_LENGTH = 150;
const WIDE_TASKS = 300;
const BARE_JOBS = 300;
const CONCURRENCY = 4;
const logger = quietLogger();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

/** A chain (each step waits for the previous: idle latency) and a wide wave (throughput). */
function benchTemplates(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qd-bench-templates-'));
  cpSync(defaultTemplatesDir(), dir, { recursive: true });
  const step = (id: string, dependsOn: string[]) =>
    `  - id: ${id}\n    name: Step ${id}\n    role: coder\n    instructions: Build ${id}.\n    produces: code_change\n    depends_on: [${dependsOn.join(', ')}]\n`;
  const chain = Array.from({ length: CHAIN_LENGTH }, (_, i) => step(`s${i}`, i === 0 ? [] : [`s${i - 1}`]));
  const wide = Array.from({ length: WIDE_TASKS }, (_, i) => step(`w${i}`, []));
  const header = (id: string) =>
    `id: ${id}\nname: ${id}\nversion: "1.0.0"\nteam: bench-team\nvariables:\n  product_idea: { required: true }\nsteps:\n`;
  writeFileSync(path.join(dir, 'workflows', 'bench-chain.yaml'), header('bench-chain') + chain.join(''));
  writeFileSync(path.join(dir, 'workflows', 'bench-wide.yaml'), header('bench-wide') + wide.join(''));
  writeFileSync(path.join(dir, 'teams', 'bench-team.yaml'), `id: bench-team\nname: Bench team\nagents:\n  - agent: coder\n    count: 16\n`);
  return dir;
}

async function withPostgres<T>(work: (adminUrl: string) => Promise<T>): Promise<T> {
  const postgres = await startScratchPostgres(process.env.DATABASE_URL);
  try {
    return await work(postgres.adminUrl);
  } finally {
    await postgres.stop();
  }
}

/** A fresh migrated database per measurement, so one's leftovers cannot slow the next. */
function freshDatabase(adminUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  return createMigratedDatabase(adminUrl, `qd_bench_orch_${label}_${process.pid}`);
}

async function startWorkers(url: string, count: number, modules: JobModule[]): Promise<WorkerProcess[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      startWorkerProcess({
        databaseUrl: url,
        concurrency: CONCURRENCY,
        heartbeatMs: 5_000,
        deadAfterMs: 30_000,
        logger,
        poolThreads: 1,
        modules,
      }),
    ),
  );
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the benchmark timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * graphile-worker alone: a job added through SQL (its timestamp taken by the database just
 * before add_job, like the engine's ready event) until the task function starts.
 */
async function bareLatency(adminUrl: string): Promise<number[]> {
  const database = await freshDatabase(adminUrl, 'bare');
  const samples: number[] = [];
  let started = 0;
  // graphile-worker's own runner with the worker process's settings, and nothing of ours.
  const worker = await run({
    connectionString: database.url,
    concurrency: CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1_000,
    logger: new GraphileLogger(() => () => {}),
    taskList: {
      bench_noop: async (payload) => {
        const enqueuedAt = typeof payload === 'object' && payload !== null && 'at' in payload ? Number(payload.at) : Number.NaN;
        samples.push(Date.now() - enqueuedAt);
        started += 1;
      },
    },
  });
  const db = createDb(database.url, { maxConnections: 2 });
  try {
    for (let i = 0; i < BARE_JOBS; i += 1) {
      await db.$transaction(async (tx) => {
        await tx.$queryRawUnsafe(
          `SELECT (graphile_worker.add_job('bench_noop', json_build_object('at', floor(extract(epoch FROM clock_timestamp()) * 1000)))).id`,
        );
      });
      const expected = i + 1;
      await waitUntil(async () => started >= expected, 10_000);
    }
  } finally {
    await db.$disconnect();
    await worker.stop();
    await database.drop();
  }
  return samples;
}

/** An executor that notes when each execution starts and finishes at once. */
function timingExecutor(starts: Map<string, number>): AgentExecutor {
  return {
    execute: async (input) => {
      starts.set(input.taskId, Date.now());
      return { kind: 'completed', content: simulatedContent(input.step.produces, input), simulated: true };
    },
  };
}

async function readyTimes(db: Db, runId: string): Promise<Map<string, number>> {
  // The ready event is the last statement of the transaction that made the task ready.
  const rows = await db.$queryRaw<Array<{ taskId: string; at: Date }>>`
    SELECT task_id AS "taskId", max(created_at) AS at FROM events
    WHERE run_id = ${runId}::uuid AND type = 'task.status_changed' AND payload->>'to' = 'ready'
    GROUP BY task_id`;
  return new Map(rows.map((row) => [row.taskId, row.at.getTime()]));
}

async function engineRun(adminUrl: string, catalog: TemplateCatalog, workflowTemplateId: string, workers: number) {
  const database = await freshDatabase(adminUrl, `${workflowTemplateId.replace('-', '_')}_${workers}`);
  const starts = new Map<string, number>();
  const executor = timingExecutor(starts);
  const modules = [orchestrationJobs({ catalog, executorFor: () => executor, config: { hitlTimeoutMs: null } })];
  const processes = await startWorkers(database.url, workers, modules);
  const db = createDb(database.url, { maxConnections: 4 });
  try {
    const began = Date.now();
    const { run } = await createProjectFromIdea(
      { db, catalog },
      createProjectInput.parse({ productIdea: 'A benchmark of the orchestrator', workflowTemplateId }),
      { userId: null },
    );
    await waitUntil(async () => (await db.workflowRun.findUniqueOrThrow({ where: { id: run.id } })).status === 'completed', 100_000);
    const elapsedMs = Date.now() - began;
    const ready = await readyTimes(db, run.id);
    const latencies = [...starts].flatMap(([taskId, startedAt]) => {
      const readyAt = ready.get(taskId);
      return readyAt === undefined ? [] : [startedAt - readyAt];
    });
    return { latencies, tasks: starts.size, elapsedMs };
  } finally {
    await db.$disconnect();
    await Promise.all(processes.map((worker) => worker.stop()));
    await database.drop();
  }
}

async function main() {
  const templatesDir = benchTemplates();
  const catalog = await loadTemplates(templatesDir);
  await withPostgres(async (adminUrl) => {
    const bare = stats(await bareLatency(adminUrl));
    const chain = await engineRun(adminUrl, catalog, 'bench-chain', 1);
    const engine = stats(chain.latencies);
    console.log(
      `\nTask ready → execution start (idle, one task at a time; ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded Postgres'}, timestamps at ms resolution):`,
    );
    console.log(`  graphile-worker bare add_job → start   p50 ${bare.p50.toFixed(1)} ms   p99 ${bare.p99.toFixed(1)} ms   (n=${bare.n})`);
    console.log(
      `  Quarterdeck ready → executor start     p50 ${engine.p50.toFixed(1)} ms   p99 ${engine.p99.toFixed(1)} ms   (n=${engine.n})`,
    );
    console.log(
      `  ratio                                  p50 ${(engine.p50 / Math.max(bare.p50, 0.5)).toFixed(2)}×   p99 ${(engine.p99 / Math.max(bare.p99, 0.5)).toFixed(2)}×   (target ≤ 1.5×)`,
    );
    console.log(
      `  whole chain: ${chain.tasks} dependent tasks in ${chain.elapsedMs} ms (${(chain.elapsedMs / chain.tasks).toFixed(1)} ms per hand-off, including the attempt itself)`,
    );

    console.log(`\nThroughput: ${WIDE_TASKS} independent tasks, 16 agents, concurrency ${CONCURRENCY} per worker:`);
    for (const workers of [1, 2]) {
      const wide = await engineRun(adminUrl, catalog, 'bench-wide', workers);
      const waits = stats(wide.latencies);
      console.log(
        `  ${workers} worker(s): ${((wide.tasks / wide.elapsedMs) * 1_000).toFixed(0)} tasks/s   ready → start under load p50 ${waits.p50.toFixed(0)} ms p99 ${waits.p99.toFixed(0)} ms`,
      );
    }
  });
  rmSync(templatesDir, { recursive: true, force: true });
}

await main();
