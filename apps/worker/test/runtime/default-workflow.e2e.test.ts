import { createProjectInput, HandoffType } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectFromIdea, respondToHitl, type DomainDeps } from '@quarterdeck/engine';
import type { ExecutionAgent } from '@quarterdeck/engine';
import type { WorkerServices } from '../../src/jobs/job-module';
import { createCpuPool, type CpuPool } from '../../src/pool/cpu-pool';
import { selectExecutor, simulatedContent, usageTotals } from '../../src/runtime';
import type { WorkerProcess } from '../../src/worker-process';
import { loadCatalog, startTestWorker, waitFor } from '../helpers';
import { testServices } from './fixtures';
import { completionEvents, startScriptedServer, type ScriptedServer } from './scripted-server';

// The whole default workflow (analyst → product manager → architect → three coders → QA)
// through the engine with the real runtime: once against the local OpenAI-compatible server
// (every step a real HTTP + SSE call, parsed on the pool), once on the simulated provider.

const actor = { userId: null };
let database: TestDatabase;
let catalog: TemplateCatalog;
let pool: CpuPool;
let server: ScriptedServer;
let services: WorkerServices;
let worker: WorkerProcess | undefined;
/** Which provider the agents run on in the current test. */
let route: (agent: ExecutionAgent) => ExecutionAgent = (agent) => agent;

beforeAll(async () => {
  database = await createTestDatabase();
  catalog = await loadCatalog();
  pool = createCpuPool({ maxThreads: 1 });
  server = await startScriptedServer();
  services = testServices(database.db, pool, { simulatedTokensPerSecond: 20_000 });
  // The model behind the local server: a schema-valid answer for whichever handoff the request's response_format names.
  server.respond('local', (body) => {
    const format = body.response_format as { json_schema?: { name?: string } } | undefined;
    const type = HandoffType.parse(format?.json_schema?.name);
    const content = simulatedContent(type, {
      productIdea: 'served by the local model',
      projectName: 'Local',
      role: 'model',
      stepId: `${type}-step`,
      inputs: [],
    });
    return {
      kind: 'stream',
      events: completionEvents(JSON.stringify(content).replaceAll('[simulated] ', ''), {
        pieceChars: 24,
        usage: { prompt: 400, completion: 150 },
      }),
    };
  });
  worker = await startTestWorker(database.url, {
    catalog,
    executorFor: (agent) => ({
      execute: (input, io) => selectExecutor(services, agent).execute({ ...input, agent: route(input.agent) }, io),
    }),
  });
});

afterAll(async () => {
  await worker?.stop();
  await server.close();
  await pool.destroy();
  await database.drop();
});

async function runToCompletion(idea: string) {
  const { project, run } = await createProjectFromIdea(
    { db: database.db, catalog } satisfies DomainDeps,
    createProjectInput.parse({ productIdea: idea }),
    actor,
  );
  for (const stepId of ['analyst', 'architect']) {
    const review = await waitFor(`the ${stepId} review`, () =>
      database.db.hitlRequest.findFirst({ where: { projectId: project.id, status: 'pending', task: { stepId } } }),
    );
    await respondToHitl({ db: database.db, catalog }, { hitlRequestId: review.id, action: 'approve' }, actor);
  }
  const finished = await waitFor(
    'the run to complete',
    async () => {
      const current = await database.db.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
      return current.status === 'completed' || current.status === 'failed' ? current : undefined;
    },
    60_000,
  );
  const artifacts = await database.db.contextArtifact.findMany({
    where: { runId: run.id, handoffType: { not: null } },
    select: { handoffType: true, isSimulated: true },
  });
  return { project, run: finished, artifacts };
}

describe('the default workflow on the agent runtime', () => {
  it('completes against the local OpenAI-compatible server, every step a real streamed call', async () => {
    route = (agent) => ({
      ...agent,
      provider: 'local',
      model: 'local-model',
      config: { endpoints: { local: { baseUrl: server.baseUrl('local'), structuredOutput: 'json_schema' } } },
    });
    const before = server.requests.length;

    const { run, artifacts } = await runToCompletion('A rota planner for a volunteer fire brigade');

    expect(run.status).toBe('completed');
    expect(artifacts).toHaveLength(7);
    expect(artifacts.every((artifact) => !artifact.isSimulated)).toBe(true);
    expect(server.requests.length - before).toBe(7);
    expect(await usageTotals(database.db, { runId: run.id })).toMatchObject({
      calls: 7,
      promptTokens: 2_800,
      completionTokens: 1_050,
      simulatedCalls: 0,
      estimatedCalls: 0,
    });
  });

  it('completes on the simulated provider, labelled simulated in the artifacts and the usage', async () => {
    route = (agent) => agent;
    const before = server.requests.length;

    const { run, artifacts } = await runToCompletion('A seed-swap noticeboard for allotment holders');

    expect(run.status).toBe('completed');
    expect(artifacts).toHaveLength(7);
    expect(artifacts.every((artifact) => artifact.isSimulated)).toBe(true);
    expect(server.requests.length).toBe(before);
    expect(await usageTotals(database.db, { runId: run.id })).toMatchObject({ calls: 7, simulatedCalls: 7 });
  });
});
