import { createProjectInput } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectFromIdea, type DomainDeps } from '@quarterdeck/engine';
import { spawnWorker, stopWorker, type ChildWorker } from './fixtures/spawn-worker';
import { loadCatalog, templatesWithFanOut, waitFor } from './helpers';

const actor = { userId: null };
let database: TestDatabase;
let catalog: TemplateCatalog;
let templatesDir: string;
const children: ChildWorker[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  templatesDir = templatesWithFanOut();
  catalog = await loadCatalog(templatesDir);
});

afterAll(async () => {
  await Promise.all(children.map(stopWorker));
  await database?.drop();
});

async function start(delayMs: number): Promise<ChildWorker> {
  const child = await spawnWorker({ databaseUrl: database.url, templatesDir, delayMs });
  children.push(child);
  return child;
}

function newFanOutProject(deps: DomainDeps, idea: string) {
  return createProjectFromIdea(deps, createProjectInput.parse({ productIdea: idea, workflowTemplateId: 'fan-out' }), actor);
}

async function runCompleted(runId: string, timeoutMs: number) {
  return waitFor(
    `run ${runId} to complete`,
    async () => (await database.db.workflowRun.findUniqueOrThrow({ where: { id: runId } })).status === 'completed',
    timeoutMs,
  );
}

/** No task lost, none completed twice, no artifact duplicated. */
async function expectExactlyOnce(runIds: string[]) {
  const tasks = await database.db.task.findMany({ where: { runId: { in: runIds } } });
  expect(tasks.every((task) => task.status === 'completed')).toBe(true);
  for (const task of tasks) {
    const completedSessions = await database.db.agentSession.count({ where: { taskId: task.id, status: 'completed' } });
    expect(completedSessions, `completed sessions of ${task.stepId}`).toBe(1);
    const completions = await database.db.event.findMany({ where: { taskId: task.id, type: 'task.status_changed' } });
    expect(completions.filter((event) => JSON.stringify(event.payload).includes('"to":"completed"'))).toHaveLength(1);
  }
  const artifacts = await database.db.contextArtifact.findMany({ where: { runId: { in: runIds }, handoffType: { not: null } } });
  expect(artifacts).toHaveLength(tasks.length);
  expect(new Set(artifacts.map((artifact) => artifact.logicalKey)).size).toBe(tasks.length);
  expect(artifacts.every((artifact) => artifact.version === 1)).toBe(true);
  return tasks;
}

describe('worker processes', () => {
  it('finish a run after the worker executing a task is killed with SIGKILL', async () => {
    const deps = { db: database.db, catalog };
    const doomed = await start(60_000);
    const { run } = await newFanOutProject(deps, 'A crash-proof ledger for a village bakery');
    const session = await waitFor('the analyst session to start on the first worker', () =>
      database.db.agentSession.findFirst({ where: { runId: run.id, status: 'running', workerId: doomed.workerId } }),
    );
    doomed.process.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');

    const killedAt = Date.now();
    await start(20);
    await runCompleted(run.id, 30_000).catch(async (error: unknown) => {
      console.error(
        JSON.stringify(
          {
            tasks: await database.db.task.findMany({ where: { runId: run.id }, select: { stepId: true, status: true, attempts: true } }),
            sessions: await database.db.agentSession.findMany({
              where: { runId: run.id },
              select: { status: true, workerId: true, attempt: true },
            }),
            hb: await database.db.workerHeartbeat.findMany(),
            jobs: await database.db.$queryRawUnsafe(
              'SELECT task_identifier, locked_by, attempts, last_error, run_at FROM graphile_worker.jobs',
            ),
          },
          (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v),
          1,
        ),
      );
      throw error;
    });
    expect(Date.now() - killedAt).toBeLessThan(30_000);

    await expectExactlyOnce([run.id]);
    // The interrupted attempt was taken over, not repeated: same session, a second iteration.
    const resumed = await database.db.agentSession.findUniqueOrThrow({ where: { id: session.id }, include: { iterations: true } });
    expect(resumed.status).toBe('completed');
    expect(resumed.workerId).not.toBe(doomed.workerId);
    expect(resumed.iterations.map((iteration) => iteration.status).sort()).toEqual(['completed', 'failed']);
    expect(await database.db.event.count({ where: { type: 'worker.lost' } })).toBeGreaterThanOrEqual(1);
  });

  it('share the work of several runs between two processes without assigning a task twice', async () => {
    const deps = { db: database.db, catalog };
    const first = await start(40);
    const second = await start(40);
    const runs = [];
    for (const idea of ['A recipe swap for a school', 'A parcel locker map', 'A choir rota planner']) {
      runs.push((await newFanOutProject(deps, idea)).run);
    }
    const runIds = runs.map((run) => run.id);
    for (const runId of runIds) await runCompleted(runId, 60_000);

    const tasks = await expectExactlyOnce(runIds);
    for (const task of tasks) {
      const assignments = await database.db.event.count({ where: { taskId: task.id, type: 'task.assigned' } });
      expect(assignments).toBe(task.attempts);
      expect(await database.db.agentSession.count({ where: { taskId: task.id } })).toBe(task.attempts);
    }
    const byWorker = await database.db.agentSession.groupBy({ by: ['workerId'], where: { runId: { in: runIds } }, _count: true });
    const counts = new Map(byWorker.map((row) => [row.workerId, row._count]));
    expect(counts.get(first.workerId) ?? 0).toBeGreaterThan(0);
    expect(counts.get(second.workerId) ?? 0).toBeGreaterThan(0);
  });
});
