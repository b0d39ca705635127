import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import { describe, expect, it } from 'vitest';
import { familiesTouchedBy } from './live-invalidation';
import { isIterationLog, liveLogAfter } from './session-log';

function logEvent(id: string, iterationId: string, offset: number, lines: string[]) {
  const event: QuarterdeckEvent = {
    id,
    type: 'iteration.log',
    severity: 'debug',
    sessionId: 's1',
    createdAt: '2026-11-21T10:00:00.000Z',
    payload: { iterationId, number: 1, offset, lines },
  };
  if (!isIterationLog(event)) throw new Error('not an iteration.log event');
  return event;
}

describe('liveLogAfter', () => {
  const loaded = 'first\nsecond\n'; // 13 characters already fetched with sessions.log
  const events = [
    logEvent('10', 'it-1', 0, ['first', 'second']),
    logEvent('11', 'it-1', 13, ['third']),
    logEvent('12', 'it-2', 13, ['other']),
    logEvent('13', 'it-1', 19, ['fourth']),
  ];

  it('adds only the batches past what the loaded log holds, for the shown iteration, in order', () => {
    expect(liveLogAfter(events, 'it-1', loaded.length).map((line) => line.text)).toEqual(['third', 'fourth']);
  });

  it('drops a batch delivered twice (a resumed subscription can overlap)', () => {
    expect(liveLogAfter([...events, logEvent('11', 'it-1', 13, ['third'])], 'it-1', loaded.length).map((line) => line.id)).toEqual([
      '11:0',
      '13:0',
    ]);
  });

  it('shows nothing live once a refetch has caught up with every batch', () => {
    expect(liveLogAfter(events, 'it-1', 26)).toEqual([]);
  });
});

describe('familiesTouchedBy', () => {
  it('refetches token spend when an LLM call records its usage, not on every token batch', () => {
    const usage: QuarterdeckEvent = {
      id: '1',
      type: 'llm.usage',
      severity: 'info',
      createdAt: '2026-11-21T10:00:00.000Z',
      payload: {
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
      },
    };
    const tokens: QuarterdeckEvent = {
      id: '2',
      type: 'llm.tokens',
      severity: 'debug',
      createdAt: '2026-11-21T10:00:00.000Z',
      payload: { requestId: 'r1', sequence: 0, text: 'hi' },
    };
    expect(familiesTouchedBy(usage)).toEqual(['usage']);
    expect(familiesTouchedBy(tokens)).toEqual([]);
  });
});
