import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerServices } from '../../src/jobs/job-module';
import { createCpuPool, type CpuPool } from '../../src/pool/cpu-pool';
import { selectExecutor } from '../../src/runtime';
import { groupAlive } from '../../src/runtime/cli/process-group';
import { seedExecution, sessionEvents, testServices } from './fixtures';

// CLI agents as real processes: a small node script prints, writes files, reports tool
// calls, loops, and is terminated; the process group must be gone afterwards.

let database: TestDatabase;
let pool: CpuPool;
let services: WorkerServices;
let scripts: string;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createCpuPool({ maxThreads: 1 });
  services = testServices(database.db, pool, { tokenFlushMs: 50 });
  scripts = await mkdtemp(path.join(tmpdir(), 'qd-cli-scripts-'));
});
afterAll(async () => {
  await pool.destroy();
  await database.drop();
});

function script(name: string, source: string): string {
  const file = path.join(scripts, name);
  writeFileSync(file, source);
  return file;
}

const cliAgent = (command: string, cli: Record<string, unknown> = {}) => ({
  name: 'Scripted Coder',
  role: 'coder',
  runtime: 'cli' as const,
  provider: 'simulated',
  model: 'simulated',
  command,
  config: { cli: { terminateGraceSeconds: 1, ...cli } },
});

async function iteration(iterationId: string) {
  return database.db.iteration.findUniqueOrThrow({
    where: { id: iterationId },
    select: { logContent: true, toolCallCount: true, errorCount: true },
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a CLI agent', () => {
  it('reads the prompt on stdin, streams its output and tool calls into the log, and hands back the files it wrote', async () => {
    const coder = script(
      'coder.mjs',
      `import { writeFileSync, mkdirSync } from 'node:fs';
let prompt = '';
for await (const chunk of process.stdin) prompt += chunk;
console.log('read a prompt of ' + prompt.length + ' characters about: ' + (prompt.includes('shopping list') ? 'the shopping list' : 'something else'));
console.log('tool: write_file src/list.ts');
mkdirSync('src', { recursive: true });
writeFileSync('src/list.ts', 'export const items: string[] = [];\\n');
console.error('warning: nothing to lint');
console.log('⏺ Bash(npm test)');
writeFileSync('README.md', '# List\\n');
console.log('Added the list module');
`,
    );
    const seeded = await seedExecution(database.db, { agent: cliAgent(`node ${coder}`), produces: 'code_change' });

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toEqual({
      kind: 'completed',
      simulated: false,
      files: [
        { path: 'README.md', content: '# List\n' },
        { path: 'src/list.ts', content: 'export const items: string[] = [];\n' },
      ],
      content: {
        summary: 'Added the list module',
        files: [
          { path: 'README.md', content: '# List\n' },
          { path: 'src/list.ts', content: 'export const items: string[] = [];\n' },
        ],
      },
    });
    const stored = await iteration(seeded.iteration.iterationId);
    expect(stored.logContent).toContain('read a prompt of');
    expect(stored.logContent).toContain('about: the shopping list');
    expect(stored.logContent).toContain('[stderr] warning: nothing to lint');
    expect(stored.logContent).toMatch(/\[tool\] write_file:? src\/list.ts/);
    expect(stored.logContent).toMatch(/\[tool\] Bash:? npm test/);
    expect(stored.toolCallCount).toBe(2);
    const logEvents = (await sessionEvents(database.db, seeded.input.sessionId)).filter((event) => event.type === 'iteration.log');
    expect(logEvents.flatMap((event) => event.payload.lines)).toContain('Added the list module');
  });

  it('passes the prompt as an argument and takes a printed JSON handoff', async () => {
    const reporter = script(
      'reporter.mjs',
      `const prompt = process.argv[2] ?? '';
console.log('checking ' + (prompt.includes('# Your step') ? 'the step' : 'nothing'));
console.log(JSON.stringify({ passed: true, findings: [], tested_items: ['the list'] }));
`,
    );
    const seeded = await seedExecution(database.db, {
      agent: cliAgent(`node ${reporter} {prompt}`, { promptVia: 'argument' }),
      produces: 'qa_report',
    });

    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);

    expect(outcome).toEqual({
      kind: 'completed',
      simulated: false,
      files: [],
      content: { passed: true, findings: [], tested_items: ['the list'] },
    });
    expect((await iteration(seeded.iteration.iterationId)).logContent).toContain('checking the step');
  });

  it('keeps secrets of the worker out of the process environment', async () => {
    process.env.QUARTERDECK_TEST_SECRET = 'do-not-leak';
    const seeded = await seedExecution(database.db, {
      agent: cliAgent(
        `node -e "console.log('secret=' + (process.env.QUARTERDECK_TEST_SECRET ?? 'absent') + ' key=' + (process.env.SCRIPTED_API_KEY ?? 'absent'))"`,
        { passEnv: ['SCRIPTED_API_KEY'] },
      ),
      produces: 'qa_report',
    });
    await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    delete process.env.QUARTERDECK_TEST_SECRET;
    // Only what the agent names in passEnv (looked up through the runtime's secret lookup) gets
    // in; the process had the key, and printing it put only "[redacted]" in the log.
    const log = (await iteration(seeded.iteration.iterationId)).logContent;
    expect(log).toContain('secret=absent key=[redacted]');
    expect(log).not.toContain('sk-test-secret');
  });

  it('fails with the exit code and the last stderr lines', async () => {
    const seeded = await seedExecution(database.db, {
      agent: cliAgent(`node -e "console.error('Error: cannot find module x'); process.exit(3)"`),
      produces: 'code_change',
    });
    const outcome = await selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    expect(outcome).toMatchObject({
      kind: 'failed',
      retryable: true,
      reason: expect.stringContaining('code 3: Error: cannot find module x'),
    });
    expect((await iteration(seeded.iteration.iterationId)).errorCount).toBe(2);
  });

  it('is terminated with its whole process group: SIGTERM, then SIGKILL for what ignores it', async () => {
    const pidFile = path.join(scripts, 'child.pid');
    const looper = script(
      'looper.mjs',
      `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
// A grandchild in the same process group that ignores SIGTERM: only SIGKILL ends it.
const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
writeFileSync(${JSON.stringify(pidFile)}, String(stubborn.pid));
writeFileSync('partial.txt', 'work in progress');
let n = 0;
setInterval(() => console.log('still working ' + n++), 20);
`,
    );
    const seeded = await seedExecution(database.db, { agent: cliAgent(`node ${looper}`), produces: 'code_change' });

    const running = selectExecutor(services, seeded.input.agent).execute(seeded.input, seeded.io);
    await waitFor(async () => (await iteration(seeded.iteration.iterationId)).logContent.includes('still working 3'));
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    const session = await iteration(seeded.iteration.iterationId);
    const pgid = Number(/started pid (\d+)/.exec(session.logContent)?.[1]);
    expect(groupAlive(pgid)).toBe(true);
    const abortedAt = Date.now();
    seeded.controller.abort(new Error('terminated by a person'));

    const outcome = await running;

    expect(outcome).toMatchObject({ kind: 'failed', retryable: false, reason: expect.stringContaining('terminated') });
    // The grandchild ignored SIGTERM, so the group lived until SIGKILL after the 1 s grace.
    expect(Date.now() - abortedAt).toBeGreaterThanOrEqual(1_000);
    expect(groupAlive(pgid)).toBe(false);
    expect(() => process.kill(grandchild, 0)).toThrow(/ESRCH/);
    const log = (await iteration(seeded.iteration.iterationId)).logContent;
    expect(log).toContain('[cli] terminating process group');
    expect(log).toContain('ended after terminate (killed)');
    // What the process wrote stays in the workspace for the next attempt.
    const workspace = /started pid \d+ in (\S+)\n/.exec(log)?.[1] ?? '';
    expect(existsSync(path.join(workspace, 'partial.txt'))).toBe(true);
  });
});
