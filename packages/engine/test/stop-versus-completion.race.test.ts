import { afterAll, beforeAll, expect, it } from 'vitest';
import { cancelTask, createAgent, createProjectFromIdea, createTask, stopStuckSession, type Claim } from '../src/index';
import { claim, engineFixture, person, succeed, type EngineFixture } from './fixtures';

// The watchdog stopping a stuck attempt and the engine recording that same attempt's
// completion, at the same moment, 200 times. Both take the run, the task and the session in
// the engine's one lock order, so they serialise: never a deadlock, never a lost event, and
// every time exactly one of them decides the attempt's fate.

const ROUNDS = 200;
let fixture: EngineFixture;
beforeAll(async () => {
  fixture = await engineFixture();
});
afterAll(async () => {
  await fixture.database.drop();
});

it(`a watchdog stop racing a completion of the same attempt, ${ROUNDS} times: no deadlock, no lost event, one final state`, async () => {
  const { project, run } = await createProjectFromIdea(
    fixture.deps,
    { productIdea: 'A race between the watchdog and a completion', workflowTemplateId: 'idea-to-spec' },
    person,
  );
  const coder = await createAgent(fixture.deps, {
    name: 'Racing coder',
    role: 'coder',
    runtime: 'llm',
    provider: 'simulated',
    model: 'simulated',
    capabilities: [],
    config: {},
    projectId: project.id,
  });
  const outcomes = { completed: 0, stopped: 0 };

  for (let round = 0; round < ROUNDS; round += 1) {
    const task = await createTask(fixture.deps, {
      projectId: project.id,
      runId: run.id,
      title: `Race ${round}`,
      instructions: 'Write something.',
      role: 'coder',
      priority: 'critical',
      dependsOn: [],
      requiresReview: false,
      critical: true,
    });
    expect(task.assignedAgentId).toBe(coder.id);
    const claimed: Claim = await claim(fixture, task.id);
    const finding = { rule: 'no_output' as const, summary: 'no output for 10 minutes', evidence: ['(silence)'] };

    const [stop, completion] = await Promise.allSettled([
      stopStuckSession(
        fixture.deps.db,
        { sessionId: claimed.sessionId, taskId: task.id, agentId: coder.id, attempt: 1, iterationId: claimed.iterationId },
        [finding],
        { onStuck: 'retry', retryDelayMs: 60_000 },
        new Date(),
      ),
      succeed(fixture, claimed),
    ]);
    expect(stop.status, stop.status === 'rejected' ? String(stop.reason) : '').toBe('fulfilled');
    expect(completion.status, completion.status === 'rejected' ? String(completion.reason) : '').toBe('fulfilled');

    const after = await fixture.deps.db.task.findUniqueOrThrow({ where: { id: task.id } });
    const session = await fixture.deps.db.agentSession.findUniqueOrThrow({ where: { id: claimed.sessionId } });
    const events = await fixture.deps.db.event.findMany({
      where: { taskId: task.id },
      select: { type: true, payload: true },
      orderBy: { id: 'asc' },
    });
    const findings = await fixture.deps.db.watchdogFinding.count({ where: { sessionId: claimed.sessionId } });
    const artifacts = await fixture.deps.db.contextArtifact.count({ where: { taskId: task.id } });
    const stopWon = stop.status === 'fulfilled' && stop.value !== null;

    if (stopWon) {
      outcomes.stopped += 1;
      expect(session.status).toBe('stuck');
      expect(after).toMatchObject({ status: 'ready' });
      expect(findings).toBe(1);
      expect(artifacts).toBe(0);
      expect(events.filter((event) => event.type === 'watchdog.finding')).toHaveLength(1);
      expect(events.some((event) => event.type === 'task.retry_scheduled')).toBe(true);
      expect(events.some((event) => event.type === 'artifact.created')).toBe(false);
    } else {
      outcomes.completed += 1;
      expect(session.status).toBe('completed');
      expect(after.status).toBe('completed');
      expect(findings).toBe(0);
      expect(artifacts).toBe(1);
      expect(events.filter((event) => event.type === 'artifact.created')).toHaveLength(1);
      expect(events.some((event) => event.type === 'watchdog.finding')).toBe(false);
    }
    // Whoever won, the task's status events tell the same story as its row.
    const statusEvents = events
      .filter((event) => event.type === 'task.status_changed')
      .map((event) => (event.payload as { to: string }).to);
    expect(statusEvents.at(-1)).toBe(after.status);
    // The agent ends free either way (a retry releases it too).
    expect(await fixture.deps.db.agent.findUniqueOrThrow({ where: { id: coder.id } })).toMatchObject({
      status: 'idle',
      currentTaskId: null,
    });

    if (stopWon) await cancelTask(fixture.deps, { taskId: task.id }, person);
  }
  // Both orders happen over 200 rounds (about 1 in 4 completions win here); the run was never paused by either.
  expect(outcomes.completed + outcomes.stopped).toBe(ROUNDS);
  expect(outcomes.completed).toBeGreaterThan(0);
  expect(outcomes.stopped).toBeGreaterThan(0);
  expect((await fixture.deps.db.workflowRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('running');
}, 240_000);
