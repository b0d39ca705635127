import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProjectInput } from '@quarterdeck/contracts';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectFromIdea } from '@quarterdeck/engine';
import { loadCatalog, waitFor } from './helpers';

// Two worker processes exactly as `pnpm start` runs one (apps/worker/src/main.ts) with the
// DEFAULT heartbeat and dead-worker settings. The one executing an attempt is killed with
// SIGKILL; the other must take the attempt over within 10 s, not at some later sweep.

const mainScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts');
let database: TestDatabase;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'error',
      // A slow simulated model, so the attempt is still running when its worker dies.
      QUARTERDECK_SIMULATED_TOKENS_PER_SECOND: '5',
      QUARTERDECK_WORKSPACES_DIR: mkdtempSync(path.join(os.tmpdir(), 'qd-takeover-')),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const worker of workers) {
    if (worker.exitCode !== null || worker.signalCode !== null) continue;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
  }
  await database.drop();
});

describe('a worker killed with SIGKILL', () => {
  it('has its running attempt taken over by another worker within 10 s, with the default settings', async () => {
    startWorker();
    startWorker();
    await waitFor(
      'both workers to beat',
      async () => ((await database.db.workerHeartbeat.count({ where: { stoppedAt: null } })) === 2 ? true : undefined),
      30_000,
    );

    const catalog = await loadCatalog();
    const { run } = await createProjectFromIdea(
      { db: database.db, catalog },
      createProjectInput.parse({ productIdea: 'A rota for a volunteer fire brigade' }),
      { userId: null },
    );
    const session = await waitFor(
      'the first attempt to be running',
      () => database.db.agentSession.findFirst({ where: { runId: run.id, status: 'running' }, select: { id: true, workerId: true } }),
      30_000,
    );
    const victim = await database.db.workerHeartbeat.findUniqueOrThrow({ where: { id: session.workerId ?? '' }, select: { pid: true } });
    const child = workers.find((worker) => worker.pid === victim.pid);
    if (!child) throw new Error(`the session runs on pid ${victim.pid}, which is not one of this test's workers`);

    child.kill('SIGKILL');
    const killedAt = performance.now();
    await waitFor(
      'another worker to take the attempt over',
      async () => {
        const current = await database.db.agentSession.findUniqueOrThrow({
          where: { id: session.id },
          select: { workerId: true, status: true },
        });
        return current.workerId !== session.workerId ? current : undefined;
      },
      30_000,
    );
    const takeoverMs = performance.now() - killedAt;
    console.log(
      `takeover after SIGKILL: ${(takeoverMs / 1_000).toFixed(2)} s (default QUARTERDECK_WORKER_HEARTBEAT_MS and QUARTERDECK_WORKER_DEAD_AFTER_MS)`,
    );
    expect(takeoverMs).toBeLessThan(10_000);
    expect(await database.db.event.count({ where: { type: 'worker.lost' } })).toBe(1);
  }, 120_000);
});
