import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runQaCycle } from '../../src/qa/qa-cycle';
import { silentLogger } from './fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

/** A completed attempt at a completed task, with the artifact it stored (or none). */
async function seedFinished(options: { produces: string; content?: unknown; stepId?: string }) {
  const { db } = database;
  const project = await db.project.create({ data: { name: 'QA', productIdea: 'checked work' } });
  const run = await db.workflowRun.create({ data: { projectId: project.id, workflowId: 'qa-test', status: 'running' } });
  const agent = await db.agent.create({ data: { name: 'Coder', role: 'coder' } });
  const task = await db.task.create({
    data: {
      projectId: project.id,
      runId: run.id,
      stepId: options.stepId ?? null,
      title: 'Do it',
      role: 'coder',
      instructions: 'Do it.',
      status: 'completed',
      attempts: 1,
      produces: [options.produces],
    },
  });
  const session = await db.agentSession.create({
    data: { agentId: agent.id, taskId: task.id, attempt: 1, status: 'completed', endedAt: new Date() },
  });
  const iteration = await db.iteration.create({ data: { sessionId: session.id, number: 1, status: 'completed', endedAt: new Date() } });
  if (options.content !== undefined) {
    await db.contextArtifact.create({
      data: {
        projectId: project.id,
        taskId: task.id,
        sessionId: session.id,
        logicalKey: `${task.id}/${options.produces}`,
        name: 'artifact',
        artifactType: options.produces === 'code_change' ? 'code' : 'doc',
        handoffType: options.produces,
        sourceAgent: 'coder',
        content: options.content as object,
        contentHash: 'x',
      },
    });
  }
  return { taskId: task.id, iterationId: iteration.id };
}

const steps: Record<string, { verificationCommand?: string }> = {
  'passes-verification': { verificationCommand: 'grep -q "export" src/greet.ts' },
  'fails-verification': { verificationCommand: 'echo "1 test failed: greet()" && exit 3' },
};

it('validates finished iterations, records a result per iteration and one audit, and sends failures back with the findings', async () => {
  const { db } = database;
  const code = { summary: 'Adds greet', files: [{ path: 'src/greet.ts', content: 'export const greet = () => "hi";\n' }] };
  const valid = await seedFinished({ produces: 'code_change', content: code, stepId: 'passes-verification' });
  const invalid = await seedFinished({ produces: 'code_change', content: { summary: 'no files', files: [] } });
  const missing = await seedFinished({ produces: 'implementation_plan' });
  const failingCommand = await seedFinished({ produces: 'code_change', content: code, stepId: 'fails-verification' });
  await db.watchdogFinding.create({
    data: {
      session: { connect: { id: (await db.agentSession.findFirstOrThrow({ select: { id: true } })).id } },
      rule: 'no_output',
      action: 'retry_scheduled',
    },
  });

  const report = await runQaCycle(
    {
      db,
      logger: silentLogger,
      stepOf: (_workflow, stepId) => (stepId ? (steps[stepId] ?? null) : null),
      verification: { timeoutMs: 10_000, path: process.env.PATH ?? '/usr/bin:/bin' },
      now: Date.now,
    },
    { trigger: 'manual' },
  );
  expect(report).toMatchObject({ iterationsChecked: 4, passed: 1, failed: 3, skipped: 0, stuckDetected: 1 });

  const audit = await db.qaAudit.findUniqueOrThrow({ where: { id: report.auditId }, include: { results: true } });
  expect(audit).toMatchObject({ trigger: 'manual', iterationsChecked: 4, passed: 1, failed: 3, stuckDetected: 1 });
  expect(audit.finishedAt).not.toBeNull();
  expect(audit.results).toHaveLength(4);

  const resultOf = (iterationId: string) => db.iterationQaResult.findFirstOrThrow({ where: { iterationId } });
  expect(await resultOf(valid.iterationId)).toMatchObject({ result: 'passed', source: 'cycle', findings: [] });
  expect((await resultOf(invalid.iterationId)).findings).toEqual(['code_change files: must change at least one file']);
  expect((await resultOf(missing.iterationId)).findings).toEqual(['no implementation_plan artifact was stored']);
  const commandResult = await resultOf(failingCommand.iterationId);
  expect(commandResult.findings).toEqual([
    'the verification command `echo "1 test failed: greet()" && exit 3` exited with 3',
    '  1 test failed: greet()',
  ]);

  expect((await db.iteration.findUniqueOrThrow({ where: { id: valid.iterationId } })).qaResult).toBe('passed');
  expect((await db.iteration.findUniqueOrThrow({ where: { id: failingCommand.iterationId } })).qaResult).toBe('failed');
  expect(await db.task.findUniqueOrThrow({ where: { id: valid.taskId } })).toMatchObject({ status: 'completed' });
  // Sent back and handed out again in the same transaction (its agent is idle again).
  const sentBack = await db.task.findUniqueOrThrow({ where: { id: failingCommand.taskId } });
  expect(sentBack.status).toBe('working');
  expect(sentBack.attempts).toBe(2);
  expect(sentBack.feedback).toContain('1 test failed: greet()');
  expect(await db.event.count({ where: { type: 'qa.result' } })).toBe(4);
  expect(await db.event.count({ where: { type: 'qa.audit_completed' } })).toBe(1);

  // A second cycle finds nothing left to judge: each iteration is judged once.
  const again = await runQaCycle(
    {
      db,
      logger: silentLogger,
      stepOf: () => null,
      verification: { timeoutMs: 10_000, path: process.env.PATH ?? '/usr/bin:/bin' },
      now: Date.now,
    },
    { trigger: 'cron' },
  );
  expect(again).toMatchObject({ iterationsChecked: 0, stuckDetected: 0 });
  expect(await db.iterationQaResult.count()).toBe(4);
});

it('kills a verification command that runs past its timeout and fails the iteration', async () => {
  const code = { summary: 'Adds sleep', files: [{ path: 'a.sh', content: 'sleep 30\n' }] };
  const slow = await seedFinished({ produces: 'code_change', content: code, stepId: 'slow' });
  const started = Date.now();
  await runQaCycle(
    {
      db: database.db,
      logger: silentLogger,
      stepOf: () => ({ verificationCommand: 'sh a.sh' }),
      verification: { timeoutMs: 1_000, path: process.env.PATH ?? '/usr/bin:/bin' },
      now: Date.now,
    },
    { trigger: 'manual', iterationId: slow.iterationId },
  );
  expect(Date.now() - started).toBeLessThan(10_000);
  const result = await database.db.iterationQaResult.findFirstOrThrow({ where: { iterationId: slow.iterationId } });
  expect(result.result).toBe('failed');
  expect(result.findings).toEqual(['the verification command `sh a.sh` did not finish within 1 s']);
});
