import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createProjectInput } from '@quarterdeck/contracts';
import { defaultTemplatesDir, loadTemplates, type TemplateCatalog } from '@quarterdeck/contracts/templates';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectFromIdea, respondToHitl } from '@quarterdeck/engine';
import { orchestrationJobs } from '../../src/orchestration/orchestration-jobs';
import { readWorkerSettings } from '../../src/env';
import { selectExecutor } from '../../src/runtime';
import { watchdogJobs } from '../../src/watchdog/module';
import { startWorkerProcess, type WorkerProcess } from '../../src/worker-process';
import { silentLogger, testEngineConfig, waitFor } from '../helpers';

// The watchdog end to end, with nothing simulated: a real worker process runs a CLI agent
// (a shell script in its own process group) through the agent runtime. On its first attempt
// the script repeats one error and then hangs; the watchdog tick (every 200 ms here) finds
// the repeat, stops the session, the engine kills the process group, and the task is
// escalated to a person. The test approves; the retry sees the finding in its prompt, the
// script behaves on its second attempt, and the run completes.

const actor = { userId: null };
let database: TestDatabase;
let catalog: TemplateCatalog;
let worker: WorkerProcess | undefined;
let workspaces: string;

/** The agent's script: misbehaves once (a marker in its workspace remembers), then does the work. */
const AGENT_SCRIPT = `#!/bin/sh
marker="$QUARTERDECK_WORKSPACE/.quarterdeck/attempted"
if [ -f "$marker" ]; then
  echo "tool: write src/store.ts"
  mkdir -p src
  echo "export const store = new Map<string, string>();" > src/store.ts
  echo "wrote src/store.ts with an in-memory store"
  exit 0
fi
touch "$marker"
echo "tool: bash npm test"
for port in 5432 5433 5434 5435; do
  echo "Error: connect ECONNREFUSED 127.0.0.1:$port" >&2
done
# Then it hangs: without the watchdog this attempt would never end.
sleep 120
`;

function templatesWithStallingCliAgent(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qd-templates-stuck-'));
  cpSync(defaultTemplatesDir(), dir, { recursive: true });
  const script = path.join(dir, 'stalling-agent.sh');
  writeFileSync(script, AGENT_SCRIPT, { mode: 0o755 });
  writeFileSync(
    path.join(dir, 'agents', 'stalling_coder.yaml'),
    `id: stalling_coder
name: Stalling Coder
role: coder
persona: A script that loses its way once.
system_prompt: Build the lane.
runtime: cli
command: sh ${script}
`,
  );
  writeFileSync(
    path.join(dir, 'teams', 'stalling-team.yaml'),
    'id: stalling-team\nname: Stalling team\nagents:\n  - agent: stalling_coder\n',
  );
  writeFileSync(
    path.join(dir, 'workflows', 'one-cli-step.yaml'),
    `id: one-cli-step
name: One CLI step
version: "1.0.0"
team: stalling-team
variables:
  product_idea: { required: true }
steps:
  - id: build
    name: Build the store
    role: coder
    instructions: Build a store for {{product_idea}}.
    produces: code_change
    retry: { max_attempts: 2, backoff_seconds: 1 }
`,
  );
  return dir;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ESRCH') return false;
    throw error;
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  catalog = await loadTemplates(templatesWithStallingCliAgent());
  workspaces = mkdtempSync(path.join(os.tmpdir(), 'qd-stuck-workspaces-'));
  const settings = readWorkerSettings({
    PATH: process.env.PATH,
    QUARTERDECK_WORKSPACES_DIR: workspaces,
    QUARTERDECK_WATCHDOG_INTERVAL_MS: '200',
    QUARTERDECK_WATCHDOG_ON_STUCK: 'escalate',
  });
  worker = await startWorkerProcess({
    databaseUrl: database.url,
    concurrency: 4,
    heartbeatMs: 500,
    deadAfterMs: 5_000,
    logger: silentLogger,
    poolThreads: 1,
    settings,
    modules: [
      orchestrationJobs({ catalog, config: testEngineConfig, executorFor: (agent, services) => selectExecutor(services, agent) }),
      watchdogJobs({ catalog, settings: settings.watchdog }),
    ],
  });
}, 30_000);

afterAll(async () => {
  await worker?.stop();
  await database.drop();
});

describe('a CLI agent that stops making progress', () => {
  it('is detected, stopped with its process group, escalated, and after approval retried to completion', { timeout: 60_000 }, async () => {
    const { project, run } = await createProjectFromIdea(
      { db: database.db, catalog },
      createProjectInput.parse({ productIdea: 'a tool library', workflowTemplateId: 'one-cli-step' }),
      actor,
    );
    const task = await database.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'build' } });

    // Detected and escalated.
    const request = await waitFor(
      'the escalation',
      () => database.db.hitlRequest.findFirst({ where: { taskId: task.id, kind: 'escalation', status: 'pending' } }),
      30_000,
    );
    expect(request.question).toContain('Error: connect ECONNREFUSED 127.0.0.1:5434');
    const first = await database.db.agentSession.findUniqueOrThrow({
      where: { taskId_attempt: { taskId: task.id, attempt: 1 } },
      include: { iterations: true, findings: true },
    });
    expect(first.status).toBe('stuck');
    expect(first.stopReason).toContain('repeated_error');
    expect(first.findings).toMatchObject([{ rule: 'repeated_error', action: 'escalated' }]);
    expect(first.findings[0]?.evidence).toEqual([
      '[error] Error: connect ECONNREFUSED 127.0.0.1:5432',
      '[error] Error: connect ECONNREFUSED 127.0.0.1:5433',
      '[error] Error: connect ECONNREFUSED 127.0.0.1:5434',
    ]);
    expect(first.iterations.map((iteration) => iteration.status)).toEqual(['failed']);
    expect((await database.db.agent.findUniqueOrThrow({ where: { id: first.agentId } })).status).toBe('stuck');
    expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('waiting_for_hitl');

    // Stopped: the whole process group (the shell and its sleep) is gone, long before the sleep would end.
    const pgid = Number(/\[cli\] started pid (\d+)/.exec(first.iterations[0]?.logContent ?? '')?.[1]);
    expect(pgid).toBeGreaterThan(0);
    await waitFor('the process group to be gone', async () => !groupAlive(pgid), 15_000);
    await waitFor('the termination in the log', async () => {
      const iteration = await database.db.iteration.findFirstOrThrow({ where: { sessionId: first.id } });
      return iteration.logContent.includes(`[cli] process group ${pgid} ended after terminate`);
    });

    // A person approves: the retry runs with the finding in its prompt and completes the run.
    await respondToHitl({ db: database.db, catalog }, { hitlRequestId: request.id, action: 'approve' }, actor);
    const finished = await waitFor(
      'the run to finish',
      async () => {
        const current = await database.db.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
        return ['completed', 'failed', 'paused'].includes(current.status) ? current : undefined;
      },
      30_000,
    );
    expect(finished.status).toBe('completed');

    const second = await database.db.agentSession.findUniqueOrThrow({ where: { taskId_attempt: { taskId: task.id, attempt: 2 } } });
    expect(second.status).toBe('completed');
    const code = await database.db.contextArtifact.findFirstOrThrow({
      where: { taskId: task.id, artifactType: 'code', name: 'src/store.ts' },
    });
    expect(code.content).toBe('export const store = new Map<string, string>();\n');
    expect(code.isSimulated).toBe(false);
    const workspace = path.join(workspaces, project.id, task.id);
    const prompt = readFileSync(path.join(workspace, '.quarterdeck', 'prompt.md'), 'utf8');
    expect(prompt).toContain('The watchdog stopped attempt 1');
    expect(existsSync(path.join(workspace, '.quarterdeck', 'attempted'))).toBe(true);
    expect((await database.db.agent.findUniqueOrThrow({ where: { id: first.agentId } })).status).toBe('idle');
    expect(await database.db.watchdogFinding.count({ where: { session: { taskId: task.id } } })).toBe(1);
  });
});
