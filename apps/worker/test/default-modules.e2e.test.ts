import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createProjectInput } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectFromIdea, respondToHitl } from '@quarterdeck/engine';
import { readWorkerSettings } from '../src/env';
import { usageTotals } from '../src/runtime';
import { startWorkerProcess, type WorkerProcess } from '../src/worker-process';
import { loadCatalog, silentLogger, waitFor } from './helpers';

// A worker process exactly as `pnpm start` runs it: no modules or executors passed in, the
// settings parsed from an environment. Every agent goes through the agent runtime, and with
// no provider configured that is the built-in simulated provider, labelled as such.

const actor = { userId: null };
let database: TestDatabase;
let catalog: TemplateCatalog;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  catalog = await loadCatalog();
  const settings = readWorkerSettings({
    PATH: process.env.PATH,
    QUARTERDECK_WORKSPACES_DIR: mkdtempSync(path.join(os.tmpdir(), 'qd-default-workspaces-')),
    QUARTERDECK_SIMULATED_TOKENS_PER_SECOND: '50000',
    QUARTERDECK_HITL_TIMEOUT_MS: '0',
  });
  worker = await startWorkerProcess({
    databaseUrl: database.url,
    concurrency: 4,
    heartbeatMs: 500,
    deadAfterMs: 5_000,
    logger: silentLogger,
    poolThreads: 1,
    settings,
  });
});

afterAll(async () => {
  await worker?.stop();
  await database.drop();
});

describe('the default job modules', () => {
  it('run the default workflow to completed on the runtime simulated provider, labelled simulated', async () => {
    const { project, run } = await createProjectFromIdea(
      { db: database.db, catalog },
      createProjectInput.parse({ productIdea: 'A tool library for a street of neighbours' }),
      actor,
    );
    for (const stepId of ['analyst', 'architect']) {
      const review = await waitFor(`the ${stepId} review`, () =>
        database.db.hitlRequest.findFirst({ where: { projectId: project.id, status: 'pending', task: { stepId } } }),
      );
      await respondToHitl({ db: database.db, catalog }, { hitlRequestId: review.id, action: 'approve' }, actor);
    }
    const finished = await waitFor(
      'the run to finish',
      async () => {
        const current = await database.db.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
        return current.status === 'completed' || current.status === 'failed' || current.status === 'paused' ? current : undefined;
      },
      60_000,
    );

    expect(finished).toMatchObject({ status: 'completed', statusReason: null });
    const artifacts = await database.db.contextArtifact.findMany({
      where: { runId: run.id, handoffType: { not: null } },
      select: { handoffType: true, isSimulated: true, content: true },
    });
    expect(artifacts).toHaveLength(7);
    expect(artifacts.every((artifact) => artifact.isSimulated && JSON.stringify(artifact.content).includes('[simulated]'))).toBe(true);
    // The runtime's LLM executor made every artifact (the engine's own simulated executor records no usage).
    expect(await usageTotals(database.db, { runId: run.id })).toMatchObject({ calls: 7, simulatedCalls: 7 });
    const providers = await database.db.llmUsage.findMany({ where: { runId: run.id }, distinct: ['provider'], select: { provider: true } });
    expect(providers).toEqual([{ provider: 'simulated' }]);
  });
});
