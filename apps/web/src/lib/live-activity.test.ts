import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import { describe, expect, it } from 'vitest';
import { applyLiveEvent, emptyLiveActivity, MAX_LOG_LINES, type NameLookup } from './live-activity';

const names: NameLookup = {
  agentName: (id) => (id === 'agent-1' ? 'Ada (analyst)' : null),
  taskTitle: (id) => (id === 'task-1' ? 'Write the spec' : null),
};

let nextId = 1;
function event<T extends QuarterdeckEvent['type']>(
  type: T,
  payload: Extract<QuarterdeckEvent, { type: T }>['payload'],
  scope: Partial<QuarterdeckEvent> = {},
): QuarterdeckEvent {
  const built = { id: String(nextId++), type, payload, severity: 'info', createdAt: '2026-11-21T10:00:00.000Z', ...scope };
  return built as Extract<QuarterdeckEvent, { type: T }>;
}

function run(events: QuarterdeckEvent[]) {
  return events.reduce((state, item) => applyLiveEvent(state, item, names), emptyLiveActivity);
}

describe('applyLiveEvent', () => {
  it('streams an LLM call token batch by batch and marks it finished on usage', () => {
    const start = event(
      'llm.request_started',
      { requestId: 'r1', provider: 'simulated', model: 'sim' },
      { agentId: 'agent-1', taskId: 'task-1', sessionId: 's1' },
    );
    const state = run([
      start,
      event('llm.tokens', { requestId: 'r1', sequence: 0, text: 'Hello ' }),
      event('llm.tokens', { requestId: 'r1', sequence: 1, text: 'world' }),
    ]);
    expect(state.tokenStreams).toEqual([
      expect.objectContaining({
        requestId: 'r1',
        agentName: 'Ada (analyst)',
        taskTitle: 'Write the spec',
        text: 'Hello world',
        done: false,
        isSimulated: true,
      }),
    ]);
    const finished = applyLiveEvent(
      state,
      event('llm.usage', {
        requestId: 'r1',
        provider: 'simulated',
        model: 'sim',
        promptTokens: 1,
        completionTokens: 2,
        totalTokens: 3,
        costUsd: 0,
        estimated: true,
        cached: false,
        latencyMs: 5,
      }),
      names,
    );
    expect(finished.tokenStreams[0]?.done).toBe(true);
  });

  it('skips a token batch it already applied, so a resumed stream does not repeat text', () => {
    const batch = event('llm.tokens', { requestId: 'r2', sequence: 0, text: 'once' });
    const state = run([batch, event('llm.tokens', { requestId: 'r2', sequence: 0, text: 'once' })]);
    expect(state.tokenStreams[0]?.text).toBe('once');
  });

  it('appends iteration log lines in order and keeps only the newest lines', () => {
    const lines = Array.from({ length: MAX_LOG_LINES + 10 }, (_, index) => `line ${index}`);
    const state = run([event('iteration.log', { iterationId: 'i1', number: 1, offset: 0, lines }, { sessionId: 's1' })]);
    expect(state.logTail).toHaveLength(MAX_LOG_LINES);
    expect(state.logTail.at(-1)?.text).toBe(`line ${MAX_LOG_LINES + 9}`);
    expect(state.logTail[0]?.text).toBe('line 10');
  });

  it('describes lifecycle events in the tail with the names it knows', () => {
    const state = run([
      event('task.status_changed', { from: 'working', to: 'waiting_for_hitl', attempt: 1 }, { projectId: 'p', taskId: 'task-1' }),
      event(
        'hitl.responded',
        { hitlRequestId: 'h1', status: 'rejected', responseContent: 'Too vague', respondedById: null },
        { projectId: 'p' },
      ),
    ]);
    expect(state.logTail.map((line) => line.text)).toEqual(['Write the spec: working → waiting_for_hitl', 'Review rejected: Too vague']);
  });

  it('ignores an event it has already shown (same id)', () => {
    const wave = event('wave.started', { waveNumber: 1, taskCount: 3 }, { projectId: 'p', runId: 'r' });
    expect(run([wave, wave]).logTail).toHaveLength(1);
  });

  it('leaves the state alone for events with nothing to show', () => {
    const state = run([event('agent.heartbeat', { status: 'working', taskId: null }, { agentId: 'agent-1' })]);
    expect(state).toBe(emptyLiveActivity);
  });
});
