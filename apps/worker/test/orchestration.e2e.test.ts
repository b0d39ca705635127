import { AppError, createProjectInput } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkProjectCompletion,
  createProjectFromIdea,
  projectCompletion,
  respondToHitl,
  resumeRun,
  type DomainDeps,
} from '@quarterdeck/engine';
import type { WorkerProcess } from '../src/worker-process';
import { loadCatalog, recordingExecutor, startTestWorker, waitFor } from './helpers';

const actor = { userId: null };
let database: TestDatabase;
let catalog: TemplateCatalog;
let deps: DomainDeps;
let worker: WorkerProcess;
const recorder = recordingExecutor();
/** Steps that fail (retryably) while listed here. */
const failingSteps = new Set<string>();

beforeAll(async () => {
  database = await createTestDatabase();
  catalog = await loadCatalog();
  deps = { db: database.db, catalog };
  worker = await startTestWorker(database.url, {
    catalog,
    executorFor: () => ({
      execute: async (input, io) =>
        failingSteps.has(input.step.id)
          ? { kind: 'failed', reason: `the model timed out on ${input.step.id}`, retryable: true }
          : recorder.executor.execute(input, io),
    }),
  });
});

afterAll(async () => {
  await worker?.stop();
  await database?.drop();
});

function newProject(idea: string) {
  return createProjectFromIdea(deps, createProjectInput.parse({ productIdea: idea }), actor);
}

async function pendingReview(projectId: string, stepId: string) {
  return waitFor(`a pending review of ${stepId}`, () =>
    database.db.hitlRequest.findFirst({ where: { projectId, status: 'pending', task: { stepId } }, include: { artifact: true } }),
  );
}

async function taskOf(runId: string, stepId: string) {
  return database.db.task.findFirstOrThrow({ where: { runId, stepId } });
}

describe('a run of the default workflow', () => {
  it('goes from an idea through every wave to completed, stopping at each review gate until it is answered', async () => {
    const { project, run } = await newProject('A habit-tracking app for nurses on night shift');
    expect(run.status).toBe('running');
    expect(await database.db.wave.count({ where: { runId: run.id } })).toBe(5);
    expect(await database.db.agent.count({ where: { projectId: project.id } })).toBe(7);

    const analystReview = await pendingReview(project.id, 'analyst');
    expect(analystReview.artifact?.handoffType).toBe('software_specification');
    // The gate holds: nothing downstream starts while the review is open.
    expect((await taskOf(run.id, 'analyst')).status).toBe('waiting_for_hitl');
    expect((await taskOf(run.id, 'product_manager')).status).toBe('pending');
    await respondToHitl(deps, { hitlRequestId: analystReview.id, action: 'approve' }, actor);

    const architectReview = await pendingReview(project.id, 'architect');
    expect((await taskOf(run.id, 'coder-backend')).status).toBe('pending');
    await respondToHitl(deps, { hitlRequestId: architectReview.id, action: 'approve' }, actor);

    const finished = await waitFor('the run to complete', async () => {
      const current = await database.db.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
      return current.status === 'completed' ? current : undefined;
    });
    expect(finished.completedAt).not.toBeNull();
    expect((await database.db.project.findUniqueOrThrow({ where: { id: project.id } })).status).toBe('completed');

    const tasks = await database.db.task.findMany({ where: { runId: run.id } });
    expect(tasks.map((task) => task.status)).toEqual(Array(7).fill('completed'));
    const waves = await database.db.wave.findMany({ where: { runId: run.id }, orderBy: { number: 'asc' } });
    expect(waves.map((wave) => wave.status)).toEqual(Array(5).fill('completed'));

    const artifacts = await database.db.contextArtifact.findMany({ where: { runId: run.id }, include: { sources: true } });
    const handoffArtifacts = artifacts.filter((artifact) => artifact.handoffType !== null);
    expect(handoffArtifacts).toHaveLength(7);
    expect(handoffArtifacts.every((artifact) => artifact.isSimulated && artifact.contentHash.length === 64)).toBe(true);
    const qa = handoffArtifacts.find((artifact) => artifact.handoffType === 'qa_report');
    const sourceTypes = artifacts
      .filter((artifact) => qa?.sources.some((source) => source.sourceArtifactId === artifact.id))
      .map((artifact) => artifact.handoffType)
      .sort();
    expect(sourceTypes).toEqual(['code_change', 'code_change', 'code_change', 'implementation_plan', 'product_requirements']);

    // Each step saw only the handoffs it declares.
    const qaInput = recorder.callsOf('qa').at(-1);
    expect(qaInput?.inputs.map((handoff) => handoff.handoffType).sort()).toEqual([
      'code_change',
      'code_change',
      'code_change',
      'implementation_plan',
      'product_requirements',
    ]);
    expect(
      recorder
        .callsOf('product_manager')
        .at(-1)
        ?.inputs.map((handoff) => handoff.handoffType),
    ).toEqual(['software_specification']);

    const completedEvents = await database.db.event.findMany({ where: { runId: run.id, type: 'task.status_changed' } });
    const completions = completedEvents.filter((event) => JSON.stringify(event.payload).includes('"to":"completed"'));
    expect(completions).toHaveLength(7);
    expect(await database.db.event.count({ where: { runId: run.id, type: 'run.completed' } })).toBe(1);
    expect(await database.db.event.count({ where: { runId: run.id, type: 'wave.started' } })).toBe(5);

    expect(await projectCompletion(deps, project.id)).toMatchObject({ completionPercentage: 100, totalTasks: 7, completedTasks: 7 });
    expect((await checkProjectCompletion(deps, project.id)).isComplete).toBe(true);
  });

  it('sends a rejected review back with the reason in the next prompt, and takes no second answer', async () => {
    const { project, run } = await newProject('A shared shopping list for a flat of five');
    const first = await pendingReview(project.id, 'analyst');
    await respondToHitl(deps, { hitlRequestId: first.id, action: 'reject', responseContent: 'It must work offline on the ward.' }, actor);
    await expect(respondToHitl(deps, { hitlRequestId: first.id, action: 'approve' }, actor)).rejects.toMatchObject({ code: 'CONFLICT' });

    const second = await pendingReview(project.id, 'analyst');
    expect(second.id).not.toBe(first.id);
    const rework = recorder.calls.filter((call) => call.runId === run.id && call.step.id === 'analyst');
    expect(rework).toHaveLength(2);
    expect(rework[0]?.feedback).toBeNull();
    expect(rework[1]?.feedback).toContain('It must work offline on the ward.');
    expect(second.artifact?.version).toBe(2);
    expect(JSON.stringify(second.artifact?.content)).toContain('It must work offline on the ward.');
    expect((await taskOf(run.id, 'product_manager')).status).toBe('pending');
  });

  it('continues from an amended artifact: the next step receives the person’s version', async () => {
    const { project, run } = await newProject('A booking tool for a community sports hall');
    const review = await pendingReview(project.id, 'analyst');
    const original = review.artifact;
    if (!original) throw new Error('the review has no artifact');

    const badAmendment = respondToHitl(
      deps,
      { hitlRequestId: review.id, action: 'amend', amendedContent: JSON.stringify({ core_idea: 'x' }) },
      actor,
    );
    await expect(badAmendment).rejects.toBeInstanceOf(AppError);
    await expect(badAmendment).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await database.db.hitlRequest.findUniqueOrThrow({ where: { id: review.id } })).status).toBe('pending');

    const amended = { ...(original.content as Record<string, unknown>), core_idea: 'Amended by a person: bookings by the hour' };
    const answered = await respondToHitl(
      deps,
      { hitlRequestId: review.id, action: 'amend', amendedContent: JSON.stringify(amended) },
      actor,
    );
    expect(answered.status).toBe('amended');

    const versions = await database.db.contextArtifact.findMany({
      where: { logicalKey: original.logicalKey },
      orderBy: { version: 'asc' },
      include: { sources: true },
    });
    expect(versions.map((version) => [version.version, version.sourceAgent])).toEqual([
      [1, 'analyst'],
      [2, 'human'],
    ]);
    expect(versions[1]?.sources.map((source) => source.sourceArtifactId)).toEqual([original.id]);

    const pmInput = await waitFor('the product manager to run', async () =>
      recorder.calls.find((call) => call.runId === run.id && call.step.id === 'product_manager'),
    );
    expect(pmInput.inputs[0]?.content).toEqual(amended);
    const pmArtifact = await waitFor('the product manager artifact', () =>
      database.db.contextArtifact.findFirst({ where: { runId: run.id, handoffType: 'product_requirements' }, include: { sources: true } }),
    );
    expect(pmArtifact.sources.map((source) => source.sourceArtifactId)).toEqual([versions[1]?.id]);
  });

  it('retries a failing critical step with backoff, then pauses the run with the reason; resuming gives fresh attempts', async () => {
    failingSteps.add('analyst');
    const { project, run } = await newProject('A tide-table widget for sea kayakers');
    const paused = await waitFor('the run to pause', async () => {
      const current = await database.db.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
      return current.status === 'paused' ? current : undefined;
    });
    expect(paused.statusReason).toContain('the model timed out on analyst');
    const analyst = await taskOf(run.id, 'analyst');
    expect(analyst).toMatchObject({ status: 'failed', attempts: 3 });
    expect(await database.db.agentSession.count({ where: { taskId: analyst.id, status: 'failed' } })).toBe(3);
    expect(await database.db.event.count({ where: { taskId: analyst.id, type: 'task.retry_scheduled' } })).toBe(2);
    const failedIteration = await database.db.iteration.findFirstOrThrow({ where: { session: { taskId: analyst.id } } });
    expect(failedIteration.logContent).toContain('the model timed out on analyst');

    failingSteps.delete('analyst');
    await resumeRun(deps, { runId: run.id }, actor);
    await pendingReview(project.id, 'analyst');
    const recovered = await taskOf(run.id, 'analyst');
    expect(recovered).toMatchObject({ status: 'waiting_for_hitl', attempts: 4 });
  });
});
