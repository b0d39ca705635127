import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, httpClient, startTestApi, tableCounts, type HttpClient, type TestApi } from './harness';

// What the dashboard reads beyond the CRUD procedures: token spend,
// task dependencies for the graph, task titles on approvals and QA verdicts per iteration.

let env: TestApi;
let operator: HttpClient;
let viewer: HttpClient;

beforeAll(async () => {
  env = await startTestApi();
  operator = httpClient(env.baseUrl, env.tokens.operator);
  viewer = httpClient(env.baseUrl, env.tokens.viewer);
});
afterAll(async () => {
  await env.close();
});

async function projectWithTask(idea: string) {
  const { project } = await operator.projects.create.mutate({ productIdea: idea, startRun: false });
  const task = await operator.tasks.create.mutate({
    projectId: project.id,
    title: `Write the spec for ${idea}`,
    instructions: 'Write it.',
    role: 'analyst',
  });
  return { projectId: project.id, taskId: task.id };
}

// The artifacts ZIP (the project tree) is tested in artifact-bundle.test.ts.

describe('usage.tokenSpend', () => {
  it('sums tokens and cost per project and per time bucket from llm_usage rows', async () => {
    const first = await projectWithTask('A spending project');
    const second = await projectWithTask('A frugal project');
    const db = env.database.db;
    const minute = (offset: number) => new Date(Date.UTC(2030, 0, 1, 12, offset, 10));
    await db.llmUsage.createMany({
      data: [
        {
          projectId: first.projectId,
          taskId: first.taskId,
          provider: 'simulated',
          model: 'sim-1',
          promptTokens: 100,
          completionTokens: 50,
          totalTokens: 150,
          costUsd: '0.0015',
          createdAt: minute(0),
        },
        {
          projectId: first.projectId,
          taskId: first.taskId,
          provider: 'simulated',
          model: 'sim-1',
          promptTokens: 200,
          completionTokens: 100,
          totalTokens: 300,
          costUsd: '0.003',
          createdAt: minute(0),
        },
        {
          projectId: first.projectId,
          provider: 'simulated',
          model: 'sim-1',
          promptTokens: 10,
          completionTokens: 10,
          totalTokens: 20,
          costUsd: '0.0002',
          createdAt: minute(2),
        },
        {
          projectId: second.projectId,
          provider: 'simulated',
          model: 'sim-1',
          promptTokens: 5,
          completionTokens: 5,
          totalTokens: 10,
          costUsd: '0.0001',
          createdAt: minute(1),
        },
      ],
    });

    const spend = await viewer.usage.tokenSpend.query({ projectId: first.projectId, bucket: 'minute', since: minute(-10).toISOString() });
    expect(spend.totals).toEqual({ totalTokens: 470, promptTokens: 310, completionTokens: 160, costUsd: 0.0047, calls: 3 });
    expect(spend.series.map((point) => [point.bucketStart, point.totalTokens])).toEqual([
      ['2030-01-01T12:00:00.000Z', 450],
      ['2030-01-01T12:02:00.000Z', 20],
    ]);
    expect(spend.series[0]?.costUsd).toBeCloseTo(0.0045, 6);

    const everything = await viewer.usage.tokenSpend.query({ bucket: 'hour', since: minute(-60).toISOString() });
    expect(everything.byProject.map((row) => [row.projectName, row.totalTokens])).toEqual([
      ['A spending project', 470],
      ['A frugal project', 10],
    ]);
    expect(everything.series).toEqual([{ bucketStart: '2030-01-01T12:00:00.000Z', totalTokens: 480, costUsd: expect.closeTo(0.0048, 6) }]);
  });

  it.each([
    [{ bucket: 'week' as 'day' }, 'bucket'],
    [{ bucket: 'minute' as const, since: '2000-01-01T00:00:00Z' }, 'since'],
    [{ projectId: 'nope' }, 'projectId'],
  ])('refuses %j as BAD_REQUEST naming %s', async (input, field) => {
    const failure = await failureOf(viewer.usage.tokenSpend.query(input));
    expect(failure.data).toMatchObject({ code: 'BAD_REQUEST', field });
  });
});

describe('what the graph, the approvals inbox and the sessions page need', () => {
  it('tasks.list carries each task’s prerequisites', async () => {
    const { projectId, taskId: spec } = await projectWithTask('A graph project');
    const design = await operator.tasks.create.mutate({ projectId, title: 'Design', instructions: 'Design it.', role: 'architect' });
    const build = await operator.tasks.create.mutate({ projectId, title: 'Build', instructions: 'Build it.', role: 'coder' });
    // Dependencies come from the workflow template when a run starts; written directly here.
    await env.database.db.taskDependency.createMany({
      data: [
        { taskId: design.id, dependsOnTaskId: spec },
        { taskId: build.id, dependsOnTaskId: spec },
        { taskId: build.id, dependsOnTaskId: design.id },
      ],
    });
    const listed = await viewer.tasks.list.query({ projectId });
    const edges = new Map(listed.items.map((task) => [task.id, [...task.dependsOnTaskIds].sort()]));
    expect(edges.get(spec)).toEqual([]);
    expect(edges.get(design.id)).toEqual([spec]);
    expect(edges.get(build.id)).toEqual([spec, design.id].sort());
  });

  it('hitl.list names the task each request is about', async () => {
    const { projectId, taskId } = await projectWithTask('An approvals project');
    await env.database.db.hitlRequest.create({ data: { projectId, taskId, question: 'Is the spec right?' }, select: { id: true } });
    const listed = await viewer.hitl.list.query({ projectId, status: 'pending' });
    expect(listed.items.map((request) => request.task?.title)).toEqual(['Write the spec for An approvals project']);
  });

  it('sessions.get lists every QA verdict of each iteration, and terminate stops a running session', async () => {
    const { taskId } = await projectWithTask('A QA project');
    const agent = await operator.agents.create.mutate({ name: 'QA subject', role: 'analyst' });
    const db = env.database.db;
    const session = await db.agentSession.create({
      data: { agentId: agent.id, taskId, attempt: 1, status: 'running' },
      select: { id: true },
    });
    const iteration = await db.iteration.create({ data: { sessionId: session.id, number: 1, status: 'completed' }, select: { id: true } });
    await operator.sessions.recordQaResult.mutate({ iterationId: iteration.id, result: 'failed', findings: ['no tests'] });
    await operator.sessions.recordQaResult.mutate({ iterationId: iteration.id, result: 'passed' });
    const detail = await viewer.sessions.get.query({ sessionId: session.id });
    expect(detail.iterations[0]?.qaResults.map((verdict) => [verdict.result, verdict.findings])).toEqual([
      ['failed', ['no tests']],
      ['passed', []],
    ]);

    const before = await tableCounts(env.database);
    expect((await failureOf(viewer.sessions.terminate.mutate({ sessionId: session.id }))).data?.code).toBe('FORBIDDEN');
    expect(await tableCounts(env.database)).toEqual(before);
    await operator.sessions.terminate.mutate({ sessionId: session.id, reason: 'stuck on a prompt' });
    expect((await viewer.sessions.get.query({ sessionId: session.id })).status).not.toBe('running');
  });
});
