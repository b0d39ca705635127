import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondToHitl } from '@quarterdeck/engine';
import { createCpuPool } from '../../src/pool/cpu-pool';
import { runWatchdogTick } from '../../src/watchdog/tick';
import { loadCatalog } from '../helpers';
import { seedRunningSession, silentLogger } from './fixtures';

// How a person's answer to a watchdog escalation moves the task on: approve retries it with
// the finding as feedback, amend retries it with new instructions, reject abandons it and
// lets the failure policy decide what that blocks.

let database: TestDatabase;
let catalog: TemplateCatalog;
const pool = createCpuPool({ maxThreads: 1 });
const actor = { userId: null };
const REPEATING = '[tool] bash npm test\nError: connect ECONNREFUSED 127.0.0.1:5432\n'.repeat(3);

beforeAll(async () => {
  database = await createTestDatabase();
  catalog = await loadCatalog();
});
afterAll(async () => {
  await pool.destroy();
  await database.drop();
});

/** A coder that repeated an error on its last attempt, stopped by a real watchdog tick and escalated. */
async function escalated(options: { inRun?: boolean } = {}) {
  const seeded = await seedRunningSession(database.db, { log: REPEATING, attempts: 3, maxAttempts: 3 });
  let runId: string | null = null;
  if (options.inRun) {
    const run = await database.db.workflowRun.create({
      data: { projectId: seeded.projectId, workflowId: 'software-delivery', status: 'running' },
    });
    await database.db.task.update({ where: { id: seeded.taskId }, data: { runId: run.id, onCriticalPath: true } });
    runId = run.id;
  }
  const report = await runWatchdogTick({
    db: database.db,
    pool,
    logger: silentLogger,
    now: Date.now,
    stepOf: () => null,
    policy: { onStuck: 'retry', retryDelayMs: 0 },
    heartbeatTimeoutMs: 60 * 60_000,
    maxChunkBytes: 1024 * 1024,
    sessionId: seeded.sessionId,
  });
  expect(report.stopped).toMatchObject([{ rules: ['repeated_error'], action: 'escalated' }]);
  const request = await database.db.hitlRequest.findFirstOrThrow({ where: { taskId: seeded.taskId, kind: 'escalation' } });
  expect((await database.db.agent.findUniqueOrThrow({ where: { id: seeded.agentId } })).status).toBe('stuck');
  return { ...seeded, runId, requestId: request.id };
}

const taskOf = (id: string) => database.db.task.findUniqueOrThrow({ where: { id } });
const agentOf = (id: string) => database.db.agent.findUniqueOrThrow({ where: { id } });

/** Keys of the execute_task jobs queued for a task (one per attempt). */
async function queuedAttempts(taskId: string): Promise<string[]> {
  const rows = await database.db.$queryRaw<Array<{ key: string }>>`
    SELECT key FROM graphile_worker.jobs WHERE task_identifier = 'execute_task' AND key LIKE ${`execute_task:${taskId}:%`} ORDER BY key`;
  return rows.map((row) => row.key);
}

describe('answering a watchdog escalation', () => {
  it('approve retries the task: a fresh attempt on the freed agent, with the finding kept as feedback', async () => {
    const seeded = await escalated();

    const answered = await respondToHitl(
      { db: database.db, catalog },
      { hitlRequestId: seeded.requestId, action: 'approve', responseContent: 'The database is up now.' },
      actor,
    );

    expect(answered.status).toBe('approved');
    const task = await taskOf(seeded.taskId);
    // Back to ready and straight to the (now idle) agent in the same transaction: attempt 4 of a granted 4.
    expect(task).toMatchObject({ status: 'working', attempts: 4, maxAttempts: 4, assignedAgentId: seeded.agentId });
    expect(task.feedback).toContain('The watchdog stopped attempt 3');
    expect(task.feedback).toContain('Error: connect ECONNREFUSED 127.0.0.1:5432');
    expect(task.feedback).toContain('A person approved the retry and added: The database is up now.');
    expect(task.instructions).toBe('Write it.');
    expect(await agentOf(seeded.agentId)).toMatchObject({ status: 'working', currentTaskId: seeded.taskId });
    const history = await database.db.agentStatusHistory.findMany({
      where: { agentId: seeded.agentId },
      orderBy: { createdAt: 'asc' },
      select: { status: true },
    });
    expect(history.map((row) => row.status)).toEqual(['stuck', 'idle', 'working']);
    expect(await queuedAttempts(seeded.taskId)).toEqual([`execute_task:${seeded.taskId}:4`]);
  });

  it('amend replaces the task instructions with the response and retries', async () => {
    const seeded = await escalated();

    await respondToHitl(
      { db: database.db, catalog },
      {
        hitlRequestId: seeded.requestId,
        action: 'amend',
        amendedContent: 'unused when a response is given',
        responseContent: 'Use the in-memory store; skip the database.',
      },
      actor,
    );

    const task = await taskOf(seeded.taskId);
    expect(task).toMatchObject({ status: 'working', attempts: 4, instructions: 'Use the in-memory store; skip the database.' });
    expect(task.feedback).toContain('The watchdog stopped attempt 3');
    expect((await database.db.hitlRequest.findUniqueOrThrow({ where: { id: seeded.requestId } })).status).toBe('amended');
    // No artifact version is made up for an escalation.
    expect(await database.db.contextArtifact.count({ where: { taskId: seeded.taskId } })).toBe(0);
  });

  it('amend without a response takes the amended content as the new instructions', async () => {
    const seeded = await escalated();
    await respondToHitl(
      { db: database.db, catalog },
      { hitlRequestId: seeded.requestId, action: 'amend', amendedContent: 'Write it against SQLite.' },
      actor,
    );
    expect((await taskOf(seeded.taskId)).instructions).toBe('Write it against SQLite.');
  });

  it('reject abandons the task: it fails with the reason, and on the critical path its run pauses', async () => {
    const seeded = await escalated({ inRun: true });

    await respondToHitl(
      { db: database.db, catalog },
      { hitlRequestId: seeded.requestId, action: 'reject', responseContent: 'Not worth it; we drop this feature.' },
      actor,
    );

    const task = await taskOf(seeded.taskId);
    expect(task).toMatchObject({ status: 'failed', lastError: 'abandoned by a person: Not worth it; we drop this feature.' });
    expect(await agentOf(seeded.agentId)).toMatchObject({ status: 'idle', currentTaskId: null });
    const run = await database.db.workflowRun.findUniqueOrThrow({ where: { id: seeded.runId ?? '' } });
    expect(run.status).toBe('paused');
    expect(run.statusReason).toContain('Not worth it; we drop this feature.');
    // Abandoned means abandoned: no new attempt was queued.
    expect(await queuedAttempts(seeded.taskId)).toEqual([]);
  });
});
