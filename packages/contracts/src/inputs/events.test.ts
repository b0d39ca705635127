import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../events/channels';
import { queryEventsInput, subscribeEventsInput } from './events';
import { issuesOf, pathsOf } from './test-helpers';

describe('queryEventsInput', () => {
  it('reads `since` as an event id when it is a number', () => {
    expect(queryEventsInput.parse({ since: '12345' }).since).toEqual({ kind: 'afterId', id: 12345n });
  });

  it('reads `since` as a moment when it is an ISO date-time', () => {
    expect(queryEventsInput.parse({ since: '2026-01-14T10:30:00Z' }).since).toEqual({
      kind: 'afterTime',
      at: new Date('2026-01-14T10:30:00Z'),
    });
  });

  it('rejects anything else, naming `since`', () => {
    expect(issuesOf(queryEventsInput, { since: 'yesterday' })).toEqual([
      { path: 'since', message: 'must be an event id or an ISO 8601 date-time' },
    ]);
  });

  it('returns 100 events by default and at most 1000', () => {
    expect(queryEventsInput.parse({}).limit).toBe(100);
    expect(queryEventsInput.parse({ limit: '1000' }).limit).toBe(1000);
    expect(pathsOf(queryEventsInput, { limit: 1001 })).toEqual(['limit']);
    expect(pathsOf(queryEventsInput, { limit: 0 })).toEqual(['limit']);
  });

  it('only filters by event types that exist', () => {
    expect(queryEventsInput.parse({ type: 'task.assigned', severity: 'warning' })).toMatchObject({ type: 'task.assigned' });
    expect(pathsOf(queryEventsInput, { type: 'task:updated' })).toEqual(['type']);
  });
});

describe('subscribeEventsInput', () => {
  it('subscribes to every channel by default', () => {
    expect(subscribeEventsInput.parse({}).channels).toEqual([...CHANNELS]);
  });

  it('resumes from the id tRPC sends back on reconnect', () => {
    expect(subscribeEventsInput.parse({ channels: ['tasks'], lastEventId: '42' }).lastEventId).toBe('42');
    expect(subscribeEventsInput.parse({ lastEventId: null }).lastEventId).toBeNull();
  });

  it('names a channel that does not exist', () => {
    expect(pathsOf(subscribeEventsInput, { channels: ['tasks', 'events'] })).toEqual(['channels[1]']);
  });
});
