import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuPool } from '../../src/pool/cpu-pool';
import { DEFAULT_STUCK_POLICY, type StuckPolicy } from '@quarterdeck/engine';
import type { StepWatchSettings } from '../../src/watchdog/thresholds';
import { runWatchdogTick } from '../../src/watchdog/tick';
import { appendLog, eventTypes, seedRunningSession, silentLogger } from './fixtures';

let database: TestDatabase;
const pool = createCpuPool({ maxThreads: 2 });
const MINUTE = 60_000;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await pool.destroy();
  await database.drop();
});

function tick(options: {
  at: number;
  step?: StepWatchSettings | null;
  policy?: StuckPolicy;
  sessionId: string;
  heartbeatTimeoutMs?: number;
}) {
  return runWatchdogTick({
    db: database.db,
    pool,
    logger: silentLogger,
    now: () => options.at,
    stepOf: () => options.step ?? null,
    policy: options.policy ?? DEFAULT_STUCK_POLICY,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 60 * MINUTE,
    maxChunkBytes: 1024 * 1024,
    sessionId: options.sessionId,
  });
}

describe('the watchdog tick', () => {
  it('stops a session that repeats an error, records the finding with its evidence, and retries the task with it as feedback', async () => {
    const start = Date.now();
    const seeded = await seedRunningSession(database.db, {
      log: '[tool] bash npm test\nError: Cannot find module ./a1.js\n[tool] bash npm test\nError: Cannot find module ./b22.js\n',
      startedAt: new Date(start),
    });
    const first = await tick({ at: start + 1_000, sessionId: seeded.sessionId });
    expect(first.stopped).toEqual([]);
    const afterFirst = await database.db.iteration.findUniqueOrThrow({ where: { id: seeded.iterationId } });
    expect(afterFirst.analysedBytes).toBe(Buffer.byteLength(afterFirst.logContent));

    await appendLog(database.db, seeded.iterationId, '[tool] bash npm test\nError: Cannot find module ./c333.js\n');
    const second = await tick({ at: start + 2_000, sessionId: seeded.sessionId });
    expect(second.stopped).toMatchObject([{ sessionId: seeded.sessionId, rules: ['repeated_error'], action: 'retry_scheduled' }]);
    // Only the new bytes were read on the second tick.
    expect(second.analysedBytes).toBe(Buffer.byteLength('[tool] bash npm test\nError: Cannot find module ./c333.js\n'));

    const finding = await database.db.watchdogFinding.findFirstOrThrow({ where: { sessionId: seeded.sessionId } });
    expect(finding).toMatchObject({ rule: 'repeated_error', action: 'retry_scheduled', iterationId: seeded.iterationId });
    expect(finding.evidence).toEqual([
      'Error: Cannot find module ./a1.js',
      'Error: Cannot find module ./b22.js',
      'Error: Cannot find module ./c333.js',
    ]);
    const session = await database.db.agentSession.findUniqueOrThrow({ where: { id: seeded.sessionId } });
    expect(session.status).toBe('stuck');
    expect(session.stopReason).toContain('repeated_error');
    const iteration = await database.db.iteration.findUniqueOrThrow({ where: { id: seeded.iterationId } });
    expect(iteration.status).toBe('failed');
    expect(iteration.logContent).toContain('[watchdog]');
    const task = await database.db.task.findUniqueOrThrow({ where: { id: seeded.taskId } });
    expect(task.status).toBe('ready');
    expect(task.feedback).toContain('The watchdog stopped attempt 1');
    expect(task.feedback).toContain('Error: Cannot find module ./c333.js');
    const history = await database.db.agentStatusHistory.findMany({
      where: { agentId: seeded.agentId },
      orderBy: { createdAt: 'asc' },
      select: { status: true },
    });
    expect(history.map((row) => row.status)).toEqual(['stuck', 'idle']);
    expect(await eventTypes(database.db, seeded.sessionId)).toEqual(['watchdog.finding', 'iteration.completed', 'session.ended']);
    const retry = await database.db.event.findFirst({ where: { taskId: seeded.taskId, type: 'task.retry_scheduled' } });
    expect(retry?.payload).toMatchObject({ nextAttempt: 2 });

    // The stopped session is no longer watched: nothing happens twice.
    expect((await tick({ at: start + 3_000, sessionId: seeded.sessionId })).sessions).toBe(0);
  });

  it('calls a CLI agent stuck after 5 minutes without a tool call, by the injected clock, and not a minute earlier', async () => {
    const start = Date.now();
    const seeded = await seedRunningSession(database.db, { log: '[tool] bash ls\nthinking...\n', startedAt: new Date(start) });
    await tick({ at: start, sessionId: seeded.sessionId });
    await appendLog(database.db, seeded.iterationId, 'still thinking about it\n');
    expect((await tick({ at: start + 4 * MINUTE, sessionId: seeded.sessionId })).stopped).toEqual([]);
    const late = await tick({ at: start + 5 * MINUTE, sessionId: seeded.sessionId });
    expect(late.stopped).toMatchObject([{ rules: ['no_tool_call'] }]);
    const finding = await database.db.watchdogFinding.findFirstOrThrow({ where: { sessionId: seeded.sessionId } });
    expect(finding.evidence).toContain('last tool call: [tool] bash ls');
  });

  it('calls an LLM agent stuck after 10 minutes of silence; a long-running step is never silent-stuck', async () => {
    const start = Date.now();
    const llm = await seedRunningSession(database.db, { runtime: 'llm', log: 'drafting the spec\n', startedAt: new Date(start) });
    await tick({ at: start, sessionId: llm.sessionId });
    // An LLM agent that never called a tool is not held to the tool-call rule.
    expect((await tick({ at: start + 9 * MINUTE, sessionId: llm.sessionId })).stopped).toEqual([]);
    expect((await tick({ at: start + 10 * MINUTE, sessionId: llm.sessionId })).stopped).toMatchObject([{ rules: ['no_output'] }]);

    const build = await seedRunningSession(database.db, { log: '[tool] bash make all\n', startedAt: new Date(start) });
    await tick({ at: start, sessionId: build.sessionId, step: { longRunning: true } });
    expect((await tick({ at: start + 120 * MINUTE, sessionId: build.sessionId, step: { longRunning: true } })).stopped).toEqual([]);
    // The content rules still apply in a long-running step.
    await appendLog(database.db, build.iterationId, 'Please advise: the build needs a licence key\n');
    expect((await tick({ at: start + 121 * MINUTE, sessionId: build.sessionId, step: { longRunning: true } })).stopped).toMatchObject([
      { rules: ['asked_for_human'] },
    ]);
  });

  it('takes thresholds from the agent config and lets the step override them', async () => {
    const start = Date.now();
    const seeded = await seedRunningSession(database.db, {
      runtime: 'llm',
      log: 'working\n',
      startedAt: new Date(start),
      agentConfig: { watchdog: { noOutputMinutes: 30 } },
    });
    await tick({ at: start, sessionId: seeded.sessionId });
    expect((await tick({ at: start + 20 * MINUTE, sessionId: seeded.sessionId })).stopped).toEqual([]);
    const stepped = await tick({
      at: start + 21 * MINUTE,
      sessionId: seeded.sessionId,
      step: { longRunning: false, watchdog: { noOutputMinutes: 21 } },
    });
    expect(stepped.stopped).toMatchObject([{ rules: ['no_output'] }]);
  });

  it('escalates an agent that asks for a human, keeps it stuck until a person answers, then frees it', async () => {
    const seeded = await seedRunningSession(database.db, { log: '[tool] bash deploy\nI need human help: which AWS account?\n' });
    const report = await tick({ at: Date.now(), sessionId: seeded.sessionId });
    expect(report.stopped).toMatchObject([{ rules: ['asked_for_human'], action: 'escalated' }]);
    const request = await database.db.hitlRequest.findFirstOrThrow({ where: { taskId: seeded.taskId } });
    expect(request).toMatchObject({ kind: 'escalation', status: 'pending', options: ['retry', 'amend the instructions', 'abandon'] });
    expect(request.question).toContain('I need human help: which AWS account?');
    expect((await database.db.task.findUniqueOrThrow({ where: { id: seeded.taskId } })).status).toBe('waiting_for_hitl');
    expect((await database.db.agent.findUniqueOrThrow({ where: { id: seeded.agentId } })).status).toBe('stuck');

    await tick({ at: Date.now(), sessionId: seeded.sessionId });
    expect((await database.db.agent.findUniqueOrThrow({ where: { id: seeded.agentId } })).status).toBe('stuck');
    await database.db.hitlRequest.update({ where: { id: request.id }, data: { status: 'approved', respondedAt: new Date() } });
    await tick({ at: Date.now(), sessionId: seeded.sessionId });
    expect((await database.db.agent.findUniqueOrThrow({ where: { id: seeded.agentId } })).status).toBe('idle');
  });

  it('escalates instead of retrying when the task has no attempts left, or when the policy says so', async () => {
    const loop = '[tool] bash make\nmake: Nothing to be done.\n'.repeat(6);
    const spent = await seedRunningSession(database.db, { log: loop, attempts: 3, maxAttempts: 3 });
    expect((await tick({ at: Date.now(), sessionId: spent.sessionId })).stopped).toMatchObject([
      { rules: ['repetition_loop'], action: 'escalated' },
    ]);
    const fresh = await seedRunningSession(database.db, { log: loop });
    const escalating = await tick({ at: Date.now(), sessionId: fresh.sessionId, policy: { onStuck: 'escalate', retryDelayMs: 0 } });
    expect(escalating.stopped).toMatchObject([{ action: 'escalated' }]);
    expect(await database.db.hitlRequest.count({ where: { taskId: { in: [spent.taskId, fresh.taskId] }, kind: 'escalation' } })).toBe(2);
  });

  it('shows an agent offline when its session stops beating, and working again when it beats', async () => {
    const start = Date.now();
    const seeded = await seedRunningSession(database.db, { runtime: 'llm', startedAt: new Date(start - 5 * MINUTE) });
    await tick({ at: start, sessionId: seeded.sessionId, heartbeatTimeoutMs: 2 * MINUTE });
    expect((await database.db.agent.findUniqueOrThrow({ where: { id: seeded.agentId } })).status).toBe('offline');
    await database.db.agentSession.update({ where: { id: seeded.sessionId }, data: { lastHeartbeatAt: new Date(start) } });
    await tick({ at: start + 1_000, sessionId: seeded.sessionId, heartbeatTimeoutMs: 2 * MINUTE });
    expect((await database.db.agent.findUniqueOrThrow({ where: { id: seeded.agentId } })).status).toBe('working');
    const events = await database.db.event.findMany({
      where: { agentId: seeded.agentId, type: 'agent.status_changed' },
      select: { payload: true },
    });
    expect(events.map((event) => event.payload)).toMatchObject([
      { from: 'working', to: 'offline' },
      { from: 'offline', to: 'working' },
    ]);
  });
});
