import type { HandoffType } from '@quarterdeck/contracts';
import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import {
  claimAttempt,
  defaultEngineConfig,
  recordOutcome,
  type Claim,
  type DomainDeps,
  type EngineConfig,
  type ExecutionOutcome,
} from '../src/index';

export const WORKER_ID = 'engine-test-worker';
export const testConfig: EngineConfig = { ...defaultEngineConfig, retryBackoffScale: 0, hitlTimeoutMs: null };
export const person = { userId: null };

export interface EngineFixture {
  database: TestDatabase;
  deps: DomainDeps;
}

/** A migrated database of this file's own and the shipped templates; every row is made through the engine's transitions. */
export async function engineFixture(): Promise<EngineFixture> {
  const database = await createTestDatabase();
  const catalog = await loadTemplates(defaultTemplatesDir());
  return { database, deps: { db: database.db, catalog } };
}

/** Schema-valid content for each handoff a test makes an agent produce. */
export function contentFor(type: HandoffType): unknown {
  switch (type) {
    case 'software_specification':
      return { requirements: ['r'], user_stories: ['u'], high_level_features: ['f'], core_idea: 'c' };
    case 'product_requirements':
      return {
        release_goal: 'g',
        features: [{ id: 'f1', title: 't', description: 'd', priority: 'must', acceptance_criteria: ['a'] }],
        out_of_scope: [],
        success_metrics: [],
      };
    case 'implementation_plan':
      return { architecture_diagram_url: '', database_schema: '', tech_stack: ['ts'], task_breakdown: ['b'] };
    case 'code_change':
      return { summary: 's', files: [{ path: 'src/index.ts', content: 'export {};\n' }] };
    case 'qa_report':
      return { passed: true, findings: [], tested_items: ['everything'] };
    case 'idea_brief':
    case 'discussion_outcome':
      throw new Error(`no test content for ${type}`);
  }
}

/** This worker claims the task's current attempt (as an execute_task delivery would). */
export async function claim(fixture: EngineFixture, taskId: string): Promise<Claim> {
  const task = await fixture.deps.db.task.findUniqueOrThrow({ where: { id: taskId }, select: { attempts: true, status: true } });
  if (task.status !== 'working') throw new Error(`task ${taskId} is ${task.status}, not working`);
  const claimed = await claimAttempt(
    { ...fixture.deps, workerId: WORKER_ID, config: testConfig, running: new Set() },
    { taskId, attempt: task.attempts },
  );
  if (!claimed) throw new Error(`task ${taskId} could not be claimed`);
  return claimed;
}

export function finish(fixture: EngineFixture, claimed: Claim, outcome: ExecutionOutcome): Promise<void> {
  return recordOutcome({ ...fixture.deps, workerId: WORKER_ID, config: testConfig }, claimed, outcome);
}

/** The agent produced valid content for its step. */
export function succeed(fixture: EngineFixture, claimed: Claim): Promise<void> {
  return finish(fixture, claimed, { kind: 'completed', content: contentFor(claimed.produces), simulated: true });
}

/** Claims and completes every working task of the run until none is left working (reviews stay waiting). */
export async function workUntilIdle(fixture: EngineFixture, runId: string): Promise<void> {
  for (;;) {
    const working = await fixture.deps.db.task.findMany({ where: { runId, status: 'working' }, select: { id: true } });
    if (working.length === 0) return;
    for (const task of working) await succeed(fixture, await claim(fixture, task.id));
  }
}

export const taskOf = (fixture: EngineFixture, id: string) => fixture.deps.db.task.findUniqueOrThrow({ where: { id } });
export const runOf = (fixture: EngineFixture, id: string) => fixture.deps.db.workflowRun.findUniqueOrThrow({ where: { id } });
export const projectOf = (fixture: EngineFixture, id: string) => fixture.deps.db.project.findUniqueOrThrow({ where: { id } });
