import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent } from '@quarterdeck/db';
import { failureOf, httpClient, startTestApi, tableCounts, type HttpClient, type TestApi } from './harness';

let env: TestApi;
let operator: HttpClient;
let viewer: HttpClient;
let admin: HttpClient;

beforeAll(async () => {
  env = await startTestApi();
  operator = httpClient(env.baseUrl, env.tokens.operator);
  viewer = httpClient(env.baseUrl, env.tokens.viewer);
  admin = httpClient(env.baseUrl, env.tokens.admin);
});
afterAll(async () => {
  await env.close();
});

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** A finished session with two iterations, a spec artifact and a plan derived from it, and a pending review. */
async function seedWork(projectId: string, taskId: string, agentId: string) {
  const db = env.database.db;
  const session = await db.agentSession.create({
    data: { agentId, taskId, attempt: 1, status: 'completed', endedAt: new Date() },
    select: { id: true },
  });
  const first = await db.iteration.create({
    data: { sessionId: session.id, number: 1, status: 'completed', logContent: 'line one\nline two\n', toolCallCount: 2 },
    select: { id: true },
  });
  await db.iteration.create({
    data: { sessionId: session.id, number: 2, status: 'failed', logContent: 'boom\n', errorCount: 1 },
    select: { id: true },
  });
  const spec = await db.contextArtifact.create({
    data: {
      projectId,
      taskId,
      logicalKey: 'spec',
      version: 1,
      name: 'Spec',
      artifactType: 'spec',
      sourceAgent: 'analyst',
      content: { text: 'v1' },
      contentHash: 'h1',
    },
    select: { id: true },
  });
  const specV2 = await db.contextArtifact.create({
    data: {
      projectId,
      taskId,
      logicalKey: 'spec',
      version: 2,
      name: 'Spec',
      artifactType: 'spec',
      sourceAgent: 'analyst',
      content: { text: 'v2' },
      contentHash: 'h2',
    },
    select: { id: true },
  });
  const plan = await db.contextArtifact.create({
    data: {
      projectId,
      logicalKey: 'plan',
      name: 'Plan',
      artifactType: 'plan',
      sourceAgent: 'architect',
      content: { text: 'plan' },
      contentHash: 'h3',
      sources: { create: [{ sourceArtifactId: specV2.id }] },
    },
    select: { id: true },
  });
  const review = await db.hitlRequest.create({
    data: { projectId, artifactId: specV2.id, question: 'Is the spec right?', options: ['approve', 'reject'] },
    select: { id: true },
  });
  const question = await db.hitlRequest.create({
    data: { projectId, kind: 'question', question: 'Which database?' },
    select: { id: true },
  });
  return {
    sessionId: session.id,
    iterationId: first.id,
    specV1: spec.id,
    specV2: specV2.id,
    plan: plan.id,
    review: review.id,
    question: question.id,
  };
}

describe('every router, main path', () => {
  it('projects: create from an idea, list, get, update, pause / resume, completion, delete', async () => {
    const created = await operator.projects.create.mutate({ productIdea: 'A habit tracker for nurses on night shift', startRun: false });
    expect(created.project.status).toBe('active');
    expect(created.project.productIdea).toBe('A habit tracker for nurses on night shift');
    const projectId = created.project.id;

    const listed = await viewer.projects.list.query({ limit: 10 });
    expect(listed.items.map((project) => project.id)).toContain(projectId);
    expect(listed.total).toBeGreaterThanOrEqual(1);

    const detail = await viewer.projects.get.query({ projectId });
    expect(detail.runs.map((run) => run.id)).toContain(created.run.id);
    expect(detail.tasks.length).toBeGreaterThan(0);

    const renamed = await operator.projects.update.mutate({ projectId, name: 'Night shift habits', description: 'for nurses' });
    expect(renamed.name).toBe('Night shift habits');
    expect((await operator.projects.pause.mutate({ projectId })).status).toBe('paused');
    expect((await operator.projects.update.mutate({ projectId, status: 'active' })).status).toBe('active');

    const completion = await viewer.projects.completion.query({ projectId });
    expect(completion).toMatchObject({ projectId, completedTasks: 0, completionPercentage: 0 });
    expect(completion.totalTasks).toBe(detail.tasks.length);
    const check = await viewer.projects.checkCompletion.query({ projectId });
    expect(check.isComplete).toBe(false);

    expect((await failureOf(operator.projects.forceComplete.mutate({ projectId }))).data?.code).toBe('FORBIDDEN');
    expect((await admin.projects.forceComplete.mutate({ projectId })).status).toBe('completed');

    const other = await operator.projects.create.mutate({ productIdea: 'Cancel me', startRun: false });
    expect((await operator.projects.cancel.mutate({ projectId: other.project.id })).status).toBe('cancelled');
    await operator.projects.delete.mutate({ projectId: other.project.id });
    expect((await failureOf(viewer.projects.get.query({ projectId: other.project.id }))).data?.code).toBe('NOT_FOUND');
    const events = await viewer.events.query.query({ projectId: other.project.id });
    expect(events.events.map((event) => event.type)).toContain('project.deleted');
  });

  it('runs and waves: start, list, get with waves, pause, resume, cancel', async () => {
    const { project } = await operator.projects.create.mutate({ productIdea: 'Runs project', startRun: false });
    const run = await operator.runs.start.mutate({ projectId: project.id, workflowId: 'idea-to-spec' });
    expect(run.workflowId).toBe('idea-to-spec');
    const runs = await viewer.runs.list.query({ projectId: project.id });
    expect(runs.items.map((item) => item.id)).toContain(run.id);
    const detail = await viewer.runs.get.query({ runId: run.id });
    expect(detail.waves.length).toBeGreaterThan(0);
    expect(detail.waves.reduce((sum, wave) => sum + wave.totalTasks, 0)).toBeGreaterThan(0);
    expect((await operator.runs.pause.mutate({ runId: run.id, reason: 'lunch' })).status).toBe('paused');
    expect((await operator.runs.resume.mutate({ runId: run.id })).status).toBe('running');
    expect((await operator.runs.cancel.mutate({ runId: run.id, reason: 'done' })).status).toBe('cancelled');
  });

  it('tasks: create, list with filters and a total, get, update status / assignee / verification, assign, delete', async () => {
    const { project } = await operator.projects.create.mutate({ productIdea: 'Tasks project', startRun: false });
    const coder = await operator.agents.create.mutate({ name: 'Coder One', role: 'coder' });
    // The project's own run laid out its workflow tasks too; count relative to them.
    const pendingBefore = (await viewer.tasks.list.query({ projectId: project.id, status: 'pending' })).total;
    const first = await operator.tasks.create.mutate({
      projectId: project.id,
      title: 'Build it',
      instructions: 'Write the code',
      role: 'coder',
      priority: 'high',
      lane: 'backend',
    });
    const second = await operator.tasks.create.mutate({
      projectId: project.id,
      title: 'Test it',
      instructions: 'Write tests',
      role: 'coder',
      dependsOn: [first.id],
    });
    // A hand-made task is scheduled like any other: an idle coder of the project takes it at once.
    expect(first.status).toBe('working');
    expect(second.status).toBe('pending');

    const highBackend = await viewer.tasks.list.query({ projectId: project.id, priority: 'high', lane: 'backend' });
    expect(highBackend.items.map((task) => task.id)).toEqual([first.id]);
    expect(highBackend.total).toBe(1);
    const pending = await viewer.tasks.list.query({ projectId: project.id, status: 'pending', limit: 1, offset: 0 });
    expect(pending.total).toBe(pendingBefore + 1);
    expect(pending.items).toHaveLength(1);
    const got = await viewer.tasks.get.query({ taskId: second.id });
    expect(got.dependsOnTaskIds).toEqual([first.id]);

    const assignedByHand = await operator.tasks.assign.mutate({ taskId: second.id, agentId: coder.id });
    expect(assignedByHand.assignedAgentId).toBe(coder.id);
    expect((await viewer.tasks.list.query({ assignedAgentId: coder.id })).items.map((task) => task.id)).toContain(second.id);

    const updated = await operator.tasks.update.mutate({ taskId: first.id, title: 'First, renamed', verificationStatus: 'skipped' });
    expect(updated).toMatchObject({ title: 'First, renamed', verificationStatus: 'skipped' });
    const cancelled = await operator.tasks.cancel.mutate({ taskId: first.id, reason: 'not needed' });
    expect(cancelled.status).toBe('cancelled');
    const history = await viewer.events.query.query({ taskId: first.id, type: 'task.status_changed' });
    expect(history.events.at(-1)?.payload).toMatchObject({ to: 'cancelled' });

    await operator.tasks.delete.mutate({ taskId: first.id });
    expect((await failureOf(viewer.tasks.get.query({ taskId: first.id }))).data?.code).toBe('NOT_FOUND');
  });

  it('agents: CRUD, templates, assign to a project, status board, status, history, reset (admin)', async () => {
    const templates = await viewer.agents.templates.query();
    const analystTemplate = templates.find((template) => template.role === 'analyst');
    expect(analystTemplate).toBeDefined();
    const fromTemplate = await operator.agents.create.mutate({ name: 'Ana', role: 'analyst', templateId: analystTemplate?.id });
    expect(fromTemplate.systemPrompt).toBe(analystTemplate?.systemPrompt);
    const updated = await operator.agents.update.mutate({ agentId: fromTemplate.id, model: 'llama3', temperature: 0.2 });
    expect(updated).toMatchObject({ model: 'llama3', temperature: 0.2 });
    expect((await viewer.agents.get.query({ agentId: fromTemplate.id })).name).toBe('Ana');
    expect((await viewer.agents.list.query({ role: 'analyst' })).items.map((agent) => agent.id)).toContain(fromTemplate.id);

    const { project } = await operator.projects.create.mutate({ productIdea: 'Agents project', startRun: false });
    expect((await operator.agents.assignToProject.mutate({ agentId: fromTemplate.id, projectId: project.id })).projectId).toBe(project.id);
    expect((await viewer.agents.list.query({ projectId: project.id, role: 'analyst' })).items.map((agent) => agent.id)).toContain(
      fromTemplate.id,
    );
    expect((await viewer.agents.list.query({ projectId: project.id, role: 'coder' })).items.map((agent) => agent.id)).not.toContain(
      fromTemplate.id,
    );

    await env.database.db.agent.update({ where: { id: fromTemplate.id }, data: { status: 'stuck' } });
    const board = await viewer.agents.statusBoard.query();
    expect(board.counts.stuck).toBeGreaterThanOrEqual(1);
    expect((await viewer.agents.status.query({ agentId: fromTemplate.id })).status).toBe('stuck');
    expect((await failureOf(operator.agents.reset.mutate({ agentId: fromTemplate.id }))).data?.code).toBe('FORBIDDEN');
    expect((await admin.agents.reset.mutate({ agentId: fromTemplate.id, reason: 'looping' })).status).toBe('idle');
    const history = await viewer.agents.statusHistory.query({ agentId: fromTemplate.id });
    expect(history.items[0]).toMatchObject({ status: 'idle', previousStatus: 'stuck', reason: 'looping' });

    await operator.agents.delete.mutate({ agentId: fromTemplate.id });
    expect((await failureOf(viewer.agents.get.query({ agentId: fromTemplate.id }))).data?.code).toBe('NOT_FOUND');
  });

  it('sessions, iterations, artifacts and HITL: list, get, log, QA, lineage, respond', async () => {
    const { project } = await operator.projects.create.mutate({ productIdea: 'Work project', startRun: false });
    const agent = await operator.agents.create.mutate({ name: 'Worker', role: 'analyst' });
    const task = await operator.tasks.create.mutate({
      projectId: project.id,
      title: 'Analyse',
      instructions: 'Analyse it',
      role: 'analyst',
    });
    const seeded = await seedWork(project.id, task.id, agent.id);

    const sessions = await viewer.sessions.list.query({ agentId: agent.id, status: 'completed' });
    expect(sessions.items.map((session) => session.id)).toEqual([seeded.sessionId]);
    const session = await viewer.sessions.get.query({ sessionId: seeded.sessionId });
    expect(session.iterations.map((iteration) => iteration.number)).toEqual([1, 2]);
    const log = await viewer.sessions.log.query({ sessionId: seeded.sessionId });
    expect(log.iterations.map((iteration) => iteration.logContent).join('')).toBe('line one\nline two\nboom\n');

    const qa = await operator.sessions.recordQaResult.mutate({ iterationId: seeded.iterationId, result: 'failed', findings: ['no tests'] });
    expect(qa.result).toBe('failed');
    expect((await viewer.sessions.get.query({ sessionId: seeded.sessionId })).iterations[0]?.qaResult).toBe('failed');
    const triggered = await operator.sessions.triggerQa.mutate({ iterationId: seeded.iterationId });
    const job = await env.database.db.$queryRawUnsafe<Array<{ task_identifier: string; payload: { iterationId: string } }>>(
      'SELECT t.identifier AS task_identifier, j.payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE j.id = $1::bigint',
      triggered.jobId,
    );
    expect(job[0]).toMatchObject({ task_identifier: 'qa_cycle', payload: { iterationId: seeded.iterationId, trigger: 'manual' } });

    const latest = await viewer.artifacts.list.query({ projectId: project.id });
    expect(latest.items.map((artifact) => artifact.id).sort()).toEqual([seeded.specV2, seeded.plan].sort());
    expect(latest.total).toBe(2);
    expect((await viewer.artifacts.list.query({ projectId: project.id, latestOnly: false })).total).toBe(3);
    expect((await viewer.artifacts.get.query({ artifactId: seeded.specV1 })).content).toEqual({ text: 'v1' });
    expect((await viewer.artifacts.versions.query({ artifactId: seeded.specV1 })).versions.map((version) => version.version)).toEqual([
      2, 1,
    ]);
    const lineage = await viewer.artifacts.lineage.query({ artifactId: seeded.plan });
    expect(lineage.sources.map((source) => source.id)).toEqual([seeded.specV2]);
    expect((await viewer.artifacts.lineage.query({ artifactId: seeded.specV2 })).derivatives.map((artifact) => artifact.id)).toEqual([
      seeded.plan,
    ]);

    const requests = await viewer.hitl.listForProject.query({ projectId: project.id });
    expect(requests).toMatchObject({ total: 2, pendingCount: 2 });
    expect((await viewer.hitl.get.query({ hitlRequestId: seeded.review })).artifact?.id).toBe(seeded.specV2);
    const approved = await operator.hitl.respond.mutate({ hitlRequestId: seeded.review, action: 'approve' });
    expect(approved.status).toBe('approved');
    const rejectionWithoutReason = await failureOf(operator.hitl.respond.mutate({ hitlRequestId: seeded.question, action: 'reject' }));
    expect(rejectionWithoutReason.data).toMatchObject({ code: 'BAD_REQUEST', field: 'responseContent' });
    expect(
      (await operator.hitl.respond.mutate({ hitlRequestId: seeded.question, action: 'reject', responseContent: 'use Postgres' })).status,
    ).toBe('rejected');
    expect((await viewer.hitl.list.query({ projectId: project.id, status: 'pending' })).pendingCount).toBe(0);
    expect((await failureOf(operator.hitl.respond.mutate({ hitlRequestId: seeded.review, action: 'approve' }))).data?.code).toBe(
      'CONFLICT',
    );
  });

  it('conversations, messages, decisions and communication stats', async () => {
    const { project } = await operator.projects.create.mutate({ productIdea: 'Talk project', startRun: false });
    const conversation = await operator.conversations.create.mutate({
      goalDescription: 'Choose a database for the habit tracker',
      projectId: project.id,
    });
    expect(conversation.participants).toHaveLength(5);
    expect((await viewer.conversations.list.query({ projectId: project.id })).items.map((item) => item.id)).toEqual([conversation.id]);

    const question = await env.database.db.message.create({
      data: {
        conversationId: conversation.id,
        senderType: 'agent',
        senderId: 'project_manager',
        messageType: 'question_to_user',
        content: 'SQL or NoSQL?',
        requiresUserResponse: true,
      },
      select: { id: true },
    });
    await operator.conversations.update.mutate({ conversationId: conversation.id, status: 'paused', phase: 'exploration' });
    expect((await viewer.conversations.pendingQuestions.query({ projectId: project.id })).items.map((message) => message.id)).toEqual([
      question.id,
    ]);

    const answer = await operator.conversations.postMessage.mutate({
      conversationId: conversation.id,
      content: 'SQL, Postgres',
      parentMessageId: question.id,
    });
    expect(answer.messageType).toBe('user_response');
    expect((await viewer.conversations.get.query({ conversationId: conversation.id })).status).toBe('active');
    expect((await viewer.conversations.pendingQuestions.query({})).total).toBe(0);
    const thread = await viewer.conversations.thread.query({ messageId: question.id });
    expect(thread.map((message) => [message.id, message.depth])).toEqual([
      [question.id, 0],
      [answer.id, 1],
    ]);
    const edited = await operator.conversations.editMessage.mutate({ messageId: answer.id, content: 'SQL: Postgres' });
    expect(edited.editedAt).not.toBeNull();
    expect(
      (await viewer.conversations.messages.query({ conversationId: conversation.id, messageType: 'user_response' })).items,
    ).toHaveLength(1);

    const decision = await operator.decisions.record.mutate({
      conversationId: conversation.id,
      problem: 'Which database?',
      variants: [
        { id: 'pg', title: 'Postgres' },
        { id: 'mongo', title: 'MongoDB' },
      ],
      votes: [
        { voterName: 'Alex PM', variantId: 'pg', reason: 'one store' },
        { voterName: 'Sam QA', variantId: 'mongo', reason: 'schemaless' },
      ],
      chosenVariantId: 'pg',
    });
    expect(decision.projectId).toBe(project.id);
    expect(decision.dissent).toEqual([{ voterName: 'Sam QA', variantId: 'mongo', reason: 'schemaless' }]);
    expect((await viewer.decisions.list.query({ conversationId: conversation.id })).items.map((item) => item.id)).toEqual([decision.id]);
    expect((await viewer.decisions.get.query({ decisionId: decision.id })).votes).toHaveLength(2);

    const stats = await viewer.conversations.stats.query({ projectId: project.id });
    expect(stats).toMatchObject({
      totalMessages: 2,
      conversations: 1,
      decisions: 1,
      pendingQuestions: 0,
      bySenderType: { agent: 1, user: 1 },
    });

    await operator.conversations.delete.mutate({ conversationId: conversation.id });
    expect((await failureOf(viewer.conversations.get.query({ conversationId: conversation.id }))).data?.code).toBe('NOT_FOUND');
  });

  it('events, templates, system', async () => {
    const { project } = await operator.projects.create.mutate({ productIdea: 'Event project', startRun: false });
    const created = await viewer.events.query.query({ projectId: project.id, type: 'project.created' });
    expect(created.events).toHaveLength(1);
    const firstId = created.events[0]?.id ?? '0';
    await operator.projects.update.mutate({ projectId: project.id, name: 'Renamed' });
    const after = await viewer.events.query.query({ projectId: project.id, since: firstId });
    expect(after.events.map((event) => event.type)).toContain('project.updated');
    expect(after.events.every((event) => BigInt(event.id) > BigInt(firstId))).toBe(true);
    expect((await viewer.events.query.query({ severity: 'critical', projectId: project.id })).events).toHaveLength(0);
    expect((await viewer.events.query.query({ channel: 'projects', projectId: project.id, limit: 1 })).events).toHaveLength(1);

    // A row this version cannot read (written by older code, or by hand) is counted, not fatal.
    await appendEvent(env.database.db, { type: 'task.status_changed', projectId: project.id, payload: { not: 'in the catalogue' } });
    await operator.projects.update.mutate({ projectId: project.id, name: 'Renamed again' });
    const mixed = await viewer.events.query.query({ projectId: project.id, since: firstId });
    expect(mixed.unreadable).toBe(1);
    expect(mixed.events.filter((event) => event.type === 'project.updated')).toHaveLength(2);

    const workflows = await viewer.templates.listWorkflows.query();
    expect(workflows.map((workflow) => workflow.id)).toContain('software-delivery');
    expect((await viewer.templates.getWorkflow.query({ workflowId: 'software-delivery' })).steps.length).toBeGreaterThan(0);
    expect((await viewer.templates.listTeams.query()).map((team) => team.id)).toContain('discussion-panel');
    expect((await viewer.templates.getTeam.query({ teamId: 'discussion-panel' })).agents).toHaveLength(5);
    expect((await viewer.templates.listAgentTemplates.query()).length).toBeGreaterThan(0);
    expect((await viewer.templates.getAgentTemplate.query({ templateId: 'analyst' })).role).toBe('analyst');
    const rendered = await viewer.templates.render.query({
      templateId: 'software-delivery',
      variables: { product_idea: 'A kettle that tweets' },
    });
    expect(rendered.kind).toBe('workflow');
    expect(JSON.stringify(rendered)).toContain('A kettle that tweets');
    const compatible = await viewer.templates.validateTeam.query({ teamId: 'software-delivery-team', workflowId: 'software-delivery' });
    expect(compatible.compatible).toBe(true);
    const incompatible = await viewer.templates.validateTeam.query({ teamId: 'discussion-panel', workflowId: 'software-delivery' });
    expect(incompatible.compatible).toBe(false);
    expect(incompatible.missingRoles.length).toBeGreaterThan(0);

    const health = await httpClient(env.baseUrl, null).system.health.query();
    expect(health.database.status).toBe('ok');
    const status = await viewer.system.status.query();
    expect(status.api.eventRelay.connected).toBe(true);
  });
});

describe('a wrong input is BAD_REQUEST naming the field, and changes nothing', () => {
  it.each([
    ['projects', () => operator.projects.create.mutate({ productIdea: '   ' }), 'productIdea'],
    ['projects', () => operator.projects.update.mutate({ projectId: 'not-a-uuid', name: 'x' }), 'projectId'],
    ['runs', () => operator.runs.start.mutate({ projectId: MISSING_ID, workflowId: 'no such/workflow' }), 'workflowId'],
    [
      'tasks',
      () =>
        operator.tasks.create.mutate({ projectId: MISSING_ID, title: 'x', instructions: 'y', role: 'coder', priority: 'urgent' as 'high' }),
      'priority',
    ],
    ['tasks', () => viewer.tasks.list.query({ limit: 0 }), 'limit'],
    ['agents', () => operator.agents.create.mutate({ name: 'CLI agent', role: 'coder', runtime: 'cli' }), 'command'],
    ['sessions', () => operator.sessions.recordQaResult.mutate({ iterationId: MISSING_ID, result: 'failed' }), 'findings'],
    ['artifacts', () => viewer.artifacts.get.query({ artifactId: '12' }), 'artifactId'],
    ['hitl', () => operator.hitl.respond.mutate({ hitlRequestId: MISSING_ID, action: 'amend' }), 'amendedContent'],
    ['conversations', () => operator.conversations.postMessage.mutate({ conversationId: MISSING_ID, content: '' }), 'content'],
    [
      'decisions',
      () => operator.decisions.record.mutate({ problem: 'p', variants: [{ id: 'a', title: 'A' }], chosenVariantId: 'b' }),
      'chosenVariantId',
    ],
    ['events', () => viewer.events.query.query({ since: 'yesterday' }), 'since'],
    ['templates', () => viewer.templates.validateTeam.query({ teamId: 'discussion-panel', workflowId: '../etc' }), 'workflowId'],
    ['auth', () => operator.auth.createToken.mutate({ name: 'x', expiresInDays: 0 }), 'expiresInDays'],
  ] as const)('%s: %s', async (_router, call, field) => {
    const before = await tableCounts(env.database);
    const failure = await failureOf(call());
    expect(failure.data?.code).toBe('BAD_REQUEST');
    expect(failure.data?.httpStatus).toBe(400);
    expect(failure.data?.field).toBe(field);
    expect(failure.message).toContain(field);
    expect(await tableCounts(env.database)).toEqual(before);
  });

  it('a reference to something that does not exist is refused before anything is written', async () => {
    const before = await tableCounts(env.database);
    const failure = await failureOf(operator.tasks.create.mutate({ projectId: MISSING_ID, title: 'x', instructions: 'y', role: 'coder' }));
    expect(failure.data).toMatchObject({ code: 'NOT_FOUND', field: 'projectId' });
    const unknownTemplate = await failureOf(operator.agents.create.mutate({ name: 'x', role: 'coder', templateId: 'no-such-template' }));
    expect(unknownTemplate.data).toMatchObject({ code: 'BAD_REQUEST', field: 'templateId' });
    expect(await tableCounts(env.database)).toEqual(before);
  });
});
