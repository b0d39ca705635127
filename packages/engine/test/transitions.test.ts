import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignTask,
  cancelRun,
  cancelTask,
  createAgent,
  createConversation,
  createProjectFromIdea,
  createTask,
  deleteProject,
  inTransaction,
  postUserMessage,
  recordQaVerdict,
  respondToHitl,
  resumeRun,
  retryTask,
  skipTask,
  startQaAudit,
  updateTask,
} from '../src/index';
import { claim, engineFixture, finish, person, projectOf, runOf, succeed, taskOf, workUntilIdle, type EngineFixture } from './fixtures';

// The defects that having five writers caused, each as the behaviour that now holds.

let fixture: EngineFixture;
beforeAll(async () => {
  fixture = await engineFixture();
});
afterAll(async () => {
  await fixture.database.drop();
});

async function ideaToSpec(idea: string) {
  return createProjectFromIdea(fixture.deps, { productIdea: idea, workflowTemplateId: 'idea-to-spec' }, person);
}

async function approvePending(runId: string) {
  const pending = await fixture.deps.db.hitlRequest.findMany({ where: { runId, status: 'pending' } });
  for (const request of pending) await respondToHitl(fixture.deps, { hitlRequestId: request.id, action: 'approve' }, person);
  return pending.length;
}

async function sharedAgent(role: string, name: string) {
  return createAgent(fixture.deps, { name, role, runtime: 'llm', provider: 'simulated', model: 'simulated', capabilities: [], config: {} });
}

describe('QA and completed runs', () => {
  it('a QA failure of a task whose run completed reopens the run and the project, and the task runs again', async () => {
    const { project, run } = await ideaToSpec('A QA reopening test');
    await workUntilIdle(fixture, run.id);
    expect(await approvePending(run.id)).toBe(1);
    expect((await runOf(fixture, run.id)).status).toBe('completed');
    expect((await projectOf(fixture, project.id)).status).toBe('completed');

    const spec = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'product_manager' } });
    const session = await fixture.deps.db.agentSession.findFirstOrThrow({ where: { taskId: spec.id }, include: { iterations: true } });
    const iteration = session.iterations[0];
    if (!iteration) throw new Error('no iteration');
    const audit = await startQaAudit(fixture.deps.db, 'manual', new Date());
    const judged = await recordQaVerdict(
      fixture.deps.db,
      audit.auditId,
      { iterationId: iteration.id, sessionId: session.id, agentId: session.agentId, taskId: spec.id, projectId: project.id },
      { result: 'failed', findings: ['the release goal is vague'], recommendations: [] },
    );
    expect(judged).toBe(true);

    expect((await runOf(fixture, run.id)).status).toBe('running');
    expect((await projectOf(fixture, project.id)).status).toBe('active');
    const reworked = await taskOf(fixture, spec.id);
    expect(reworked).toMatchObject({ status: 'working', attempts: 2 });
    expect(reworked.feedback).toContain('the release goal is vague');

    await workUntilIdle(fixture, run.id);
    expect(await approvePending(run.id)).toBe(1);
    expect((await runOf(fixture, run.id)).status).toBe('completed');
    expect((await projectOf(fixture, project.id)).status).toBe('completed');
  });
});

describe('task status changes only through named actions', () => {
  it('an edit changes fields, never the status (that is refused by the input)', async () => {
    const { run } = await ideaToSpec('An edit test');
    const analyst = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'analyst' } });
    await expect(updateTask(fixture.deps, { taskId: analyst.id, status: 'completed' } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const renamed = await updateTask(fixture.deps, { taskId: analyst.id, priority: 'critical' });
    expect(renamed).toMatchObject({ priority: 'critical', status: 'working' });
  });

  it('cancelling a working task stops its session, frees its agent and cancels what depends on it; the run goes on', async () => {
    const { run } = await ideaToSpec('A cancel test');
    const analyst = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'analyst' } });
    const claimed = await claim(fixture, analyst.id);
    await cancelTask(fixture.deps, { taskId: analyst.id, reason: 'not needed' }, person);

    expect((await taskOf(fixture, analyst.id)).status).toBe('cancelled');
    expect((await fixture.deps.db.agentSession.findUniqueOrThrow({ where: { id: claimed.sessionId } })).status).toBe('terminated');
    const agent = await fixture.deps.db.agent.findUniqueOrThrow({ where: { id: claimed.agent.id } });
    expect(agent).toMatchObject({ status: 'idle', currentTaskId: null });
    const dependant = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'product_manager' } });
    expect(dependant.status).toBe('cancelled');
    // Nothing left to do and nothing failed: the run completes.
    expect((await runOf(fixture, run.id)).status).toBe('completed');
    // The late outcome of the stopped attempt changes nothing.
    await succeed(fixture, claimed);
    expect((await taskOf(fixture, analyst.id)).status).toBe('cancelled');
  });

  it('retrying a failed critical task resumes the run it paused, and skipping lets the run go on without it', async () => {
    const { run } = await ideaToSpec('A retry test');
    const analyst = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'analyst' } });
    await finish(fixture, await claim(fixture, analyst.id), { kind: 'failed', reason: 'the model is down', retryable: false });
    expect((await taskOf(fixture, analyst.id)).status).toBe('failed');
    const paused = await runOf(fixture, run.id);
    expect(paused.status).toBe('paused');
    expect(paused.statusReason).toContain('the model is down');

    await retryTask(fixture.deps, { taskId: analyst.id }, person);
    expect((await runOf(fixture, run.id)).status).toBe('running');
    expect(await taskOf(fixture, analyst.id)).toMatchObject({ status: 'working', attempts: 2 });

    await finish(fixture, await claim(fixture, analyst.id), { kind: 'failed', reason: 'down again', retryable: false });
    expect((await runOf(fixture, run.id)).status).toBe('paused');
    await skipTask(fixture.deps, { taskId: analyst.id, reason: 'we have a spec already' }, person);
    expect(await taskOf(fixture, analyst.id)).toMatchObject({ status: 'completed', verificationStatus: 'skipped' });
    expect((await runOf(fixture, run.id)).status).toBe('running');
    const next = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'product_manager' } });
    expect(next.status).toBe('working');
  });

  it('reassigning a working task stops that attempt and starts a fresh one on the new agent, without using up an attempt', async () => {
    const { run } = await ideaToSpec('A reassign test');
    const analyst = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'analyst' } });
    const first = await claim(fixture, analyst.id);
    const other = await sharedAgent('analyst', 'Second analyst');
    await assignTask(fixture.deps, { taskId: analyst.id, agentId: other.id }, person);

    const task = await taskOf(fixture, analyst.id);
    expect(task).toMatchObject({ status: 'working', assignedAgentId: other.id, attempts: 2, maxAttempts: analyst.maxAttempts + 1 });
    expect((await fixture.deps.db.agentSession.findUniqueOrThrow({ where: { id: first.sessionId } })).status).toBe('terminated');
    expect((await fixture.deps.db.agent.findUniqueOrThrow({ where: { id: first.agent.id } })).status).toBe('idle');
    expect((await fixture.deps.db.agent.findUniqueOrThrow({ where: { id: other.id } })).status).toBe('working');
    await succeed(fixture, await claim(fixture, analyst.id));
    expect((await taskOf(fixture, analyst.id)).status).toBe('completed');
  });
});

describe('runs', () => {
  it('cancelling a run frees its agents through the status transition, with history and the status they really had', async () => {
    const { run } = await ideaToSpec('A cancel-run test');
    const analyst = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'analyst' } });
    const claimed = await claim(fixture, analyst.id);
    await cancelRun(fixture.deps, { runId: run.id, reason: 'changed our mind' }, person);

    const agent = await fixture.deps.db.agent.findUniqueOrThrow({ where: { id: claimed.agent.id } });
    expect(agent).toMatchObject({ status: 'idle', currentTaskId: null });
    const last = await fixture.deps.db.agentStatusHistory.findFirstOrThrow({
      where: { agentId: agent.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(last).toMatchObject({ status: 'idle', previousStatus: 'working', taskId: analyst.id, reason: 'changed our mind' });
    const event = await fixture.deps.db.event.findFirstOrThrow({
      where: { agentId: agent.id, type: 'agent.status_changed' },
      orderBy: { id: 'desc' },
    });
    expect(event.payload).toMatchObject({ from: 'working', to: 'idle', taskId: analyst.id });
  });

  it('a cancelled run can be resumed: its cancelled tasks run again', async () => {
    const { project, run } = await ideaToSpec('A resume-after-cancel test');
    await cancelRun(fixture.deps, { runId: run.id }, person);
    expect((await runOf(fixture, run.id)).status).toBe('cancelled');

    const resumed = await resumeRun(fixture.deps, { runId: run.id }, person);
    expect(resumed.status).toBe('running');
    expect((await projectOf(fixture, project.id)).status).toBe('active');
    const analyst = await fixture.deps.db.task.findFirstOrThrow({ where: { runId: run.id, stepId: 'analyst' } });
    expect(analyst.status).toBe('working');
    await workUntilIdle(fixture, run.id);
    expect(await approvePending(run.id)).toBe(1);
    expect((await runOf(fixture, run.id)).status).toBe('completed');
  });
});

describe('hand-made tasks', () => {
  it('are scheduled and executed like template tasks, and their failure does not pause the run', async () => {
    const { run, project } = await ideaToSpec('A hand-made task test');
    const coder = await sharedAgent('coder', 'Shared coder');
    const made = await createTask(fixture.deps, {
      projectId: project.id,
      runId: run.id,
      title: 'Prototype the login screen',
      instructions: 'Build a throwaway prototype.',
      role: 'coder',
      priority: 'medium',
      dependsOn: [],
      requiresReview: false,
      critical: false,
    });
    expect(made).toMatchObject({ status: 'working', assignedAgentId: coder.id, produces: ['code_change'], onCriticalPath: false });
    expect(made.waveId).not.toBeNull();
    await finish(fixture, await claim(fixture, made.id), { kind: 'failed', reason: 'gave up', retryable: false });
    expect((await taskOf(fixture, made.id)).status).toBe('failed');
    expect((await runOf(fixture, run.id)).status).toBe('running');

    const outsideRuns = await createTask(fixture.deps, {
      projectId: project.id,
      title: 'Write a changelog',
      instructions: 'Summarise the changes.',
      role: 'coder',
      priority: 'low',
      dependsOn: [],
      requiresReview: false,
      critical: false,
    });
    await succeed(fixture, await claim(fixture, outsideRuns.id));
    expect((await taskOf(fixture, outsideRuns.id)).status).toBe('completed');
    expect(await fixture.deps.db.contextArtifact.count({ where: { taskId: outsideRuns.id, handoffType: 'code_change' } })).toBe(1);
  });

  it('a role no workflow has must say what it produces', async () => {
    const { project } = await ideaToSpec('A role test');
    await expect(
      createTask(fixture.deps, {
        projectId: project.id,
        title: 'Translate',
        instructions: 'Translate the docs.',
        role: 'translator',
        priority: 'low',
        dependsOn: [],
        requiresReview: false,
        critical: false,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', field: 'produces' });
  });
});

describe('agents belong to their project', () => {
  it('a project’s agents are named after it and deleted with it; shared agents stay and are freed', async () => {
    const first = await ideaToSpec('Night shift habit tracker for nurses');
    const second = await ideaToSpec('Recipe planner for students');
    const namesOf = async (projectId: string) =>
      (await fixture.deps.db.agent.findMany({ where: { projectId }, select: { name: true } })).map((agent) => agent.name).sort();
    expect(await namesOf(first.project.id)).toEqual([
      'Business Analyst · Night shift habit tracker…',
      'Product Manager · Night shift habit tracker…',
    ]);
    expect(await namesOf(second.project.id)).toEqual([
      'Business Analyst · Recipe planner for students',
      'Product Manager · Recipe planner for students',
    ]);

    await sharedAgent('coder', 'Shared coder for deletion');
    const task = await createTask(fixture.deps, {
      projectId: first.project.id,
      title: 'Sketch',
      instructions: 'Sketch it.',
      role: 'coder',
      priority: 'critical',
      dependsOn: [],
      requiresReview: false,
      critical: false,
    });
    // The project has no coder of its own: a shared one took the task.
    const shared = await fixture.deps.db.agent.findUniqueOrThrow({ where: { id: task.assignedAgentId ?? '' } });
    expect(shared).toMatchObject({ projectId: null, status: 'working', currentTaskId: task.id });

    const deletion = await deleteProject(fixture.deps, first.project.id, person);
    expect(deletion.removed.agents).toBe(2);
    expect(await fixture.deps.db.agent.count({ where: { projectId: first.project.id } })).toBe(0);
    expect(await fixture.deps.db.agent.findUniqueOrThrow({ where: { id: shared.id } })).toMatchObject({
      status: 'idle',
      currentTaskId: null,
    });
    expect(await namesOf(second.project.id)).toHaveLength(2);
  });
});

describe('events are written after the rows they describe', () => {
  // A probe records, per transaction, when rows of the agent and discussion tables were written
  // and when events were appended; every row write must come before the first event.
  beforeAll(async () => {
    await fixture.deps.db.$executeRawUnsafe(
      `CREATE TABLE write_order_probe (tx xid8, kind text, at timestamptz DEFAULT clock_timestamp())`,
    );
    await fixture.deps.db.$executeRawUnsafe(`
      CREATE FUNCTION probe_write_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO write_order_probe (tx, kind) VALUES (pg_current_xact_id(), CASE WHEN TG_TABLE_NAME = 'events' THEN 'event' ELSE 'row' END);
        RETURN NULL;
      END $$`);
    for (const table of ['agents', 'agent_status_history', 'messages', 'conversations', 'events']) {
      await fixture.deps.db.$executeRawUnsafe(
        `CREATE TRIGGER probe_${table} AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION probe_write_order()`,
      );
    }
  });

  async function rowWritesAfterEvents(): Promise<number> {
    const [row] = await fixture.deps.db.$queryRawUnsafe<Array<{ late: number }>>(`
      SELECT count(*)::int AS late FROM write_order_probe w
      WHERE w.kind = 'row' AND w.at > (SELECT min(e.at) FROM write_order_probe e WHERE e.tx = w.tx AND e.kind = 'event')`);
    return row?.late ?? -1;
  }

  it('creating an agent appends its events last', async () => {
    await fixture.deps.db.$executeRawUnsafe('TRUNCATE write_order_probe');
    await sharedAgent('coder', 'Probe coder');
    expect(await fixture.deps.db.$queryRawUnsafe<unknown[]>('SELECT 1 FROM write_order_probe WHERE kind = $1', 'row')).not.toHaveLength(0);
    expect(await rowWritesAfterEvents()).toBe(0);
  });

  it('answering an agent’s question appends its events last', async () => {
    const conversation = await createConversation(fixture.deps, {
      goalDescription: 'Pick a database',
      participants: ['technical_architect'],
    });
    const question = await inTransaction(fixture.deps.db, async ({ tx }) => {
      await tx.conversation.update({ where: { id: conversation.id }, data: { status: 'paused' } });
      return tx.message.create({
        data: {
          conversationId: conversation.id,
          senderType: 'agent',
          senderId: 'technical_architect',
          messageType: 'question_to_user',
          content: 'Postgres?',
          requiresUserResponse: true,
        },
      });
    });
    await fixture.deps.db.$executeRawUnsafe('TRUNCATE write_order_probe');
    await postUserMessage(fixture.deps, (await fixture.deps.db.user.create({ data: { email: 'p@example.com', name: 'P' } })).id, {
      conversationId: conversation.id,
      content: 'Yes, Postgres.',
      parentMessageId: question.id,
      messageType: 'discussion',
    });
    expect((await fixture.deps.db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).status).toBe('active');
    expect(await rowWritesAfterEvents()).toBe(0);
  });
});
