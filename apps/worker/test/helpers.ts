import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultTemplatesDir, loadTemplates, type TemplateCatalog } from '@quarterdeck/contracts/templates';
import pino from 'pino';
import type { EngineConfig } from '@quarterdeck/engine';
import { orchestrationJobs } from '../src/orchestration/orchestration-jobs';
import type { AgentExecutor, ExecutionAgent, ExecutionInput } from '@quarterdeck/engine';
import { createSimulatedExecutor } from '../src/orchestration/simulated-executor';
import { startWorkerProcess, type WorkerProcess } from '../src/worker-process';

export const silentLogger = pino({ level: 'silent' });

/** Engine settings for tests: no waiting on backoffs or review timeouts, quick dead-worker detection. */
export const testEngineConfig: Partial<EngineConfig> = {
  retryBackoffScale: 0.001,
  hitlTimeoutMs: null,
  workerDeadAfterMs: 1_500,
  sessionPollMs: 100,
};

export async function startTestWorker(
  databaseUrl: string,
  options: {
    catalog: TemplateCatalog;
    executorFor?: (agent: ExecutionAgent) => AgentExecutor;
    config?: Partial<EngineConfig>;
    concurrency?: number;
  },
): Promise<WorkerProcess> {
  return startWorkerProcess({
    databaseUrl,
    concurrency: options.concurrency ?? 4,
    heartbeatMs: 200,
    deadAfterMs: 1_500,
    logger: silentLogger,
    poolThreads: 1,
    modules: [
      orchestrationJobs({
        catalog: options.catalog,
        ...(options.executorFor ? { executorFor: options.executorFor } : {}),
        config: { ...testEngineConfig, ...options.config },
      }),
    ],
  });
}

/** Polls until `check` returns a value other than undefined/false, or fails after the timeout. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false | null>,
  timeoutMs = 30_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Wraps the simulated executor and remembers every input it was given, by step. */
export function recordingExecutor(delayMs = 0) {
  const inner = createSimulatedExecutor({ delayMs });
  const calls: ExecutionInput[] = [];
  const executor: AgentExecutor = {
    execute(input, io) {
      calls.push(input);
      return inner.execute(input, io);
    },
  };
  return { executor, calls, callsOf: (stepId: string) => calls.filter((call) => call.step.id === stepId) };
}

/**
 * A copy of the shipped templates plus a workflow with no review gates and a wide wave
 * (analyst → six parallel coders → qa), for crash and scale-out tests.
 */
export function templatesWithFanOut(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qd-templates-'));
  cpSync(defaultTemplatesDir(), dir, { recursive: true });
  const coders = [1, 2, 3, 4, 5, 6].map(
    (n) => `  - id: coder-${n}
    name: Build lane ${n}
    role: coder
    instructions: Implement lane ${n} of the plan for {{project_name}}.
    consumes: [software_specification]
    produces: code_change
    depends_on: [analyst]
    retry: { max_attempts: 3, backoff_seconds: 1 }
`,
  );
  writeFileSync(
    path.join(dir, 'workflows', 'fan-out.yaml'),
    `id: fan-out
name: Fan out
version: "1.0.0"
team: fan-out-team
variables:
  product_idea: { required: true }
  project_name: { default: Untitled }
steps:
  - id: analyst
    name: Specify
    role: analyst
    instructions: Specify {{product_idea}}.
    produces: software_specification
${coders.join('')}  - id: qa
    name: Verify
    role: qa
    instructions: Verify everything.
    consumes: [code_change]
    produces: qa_report
    depends_on: [${[1, 2, 3, 4, 5, 6].map((n) => `coder-${n}`).join(', ')}]
`,
  );
  writeFileSync(
    path.join(dir, 'teams', 'fan-out-team.yaml'),
    `id: fan-out-team
name: Fan-out team
agents:
  - agent: analyst
  - agent: coder
    count: 4
  - agent: qa
`,
  );
  return dir;
}

export async function loadCatalog(dir = defaultTemplatesDir()): Promise<TemplateCatalog> {
  return loadTemplates(dir);
}
