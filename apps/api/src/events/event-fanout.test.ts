import type { Channel } from '@quarterdeck/contracts';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventFanout, type FanoutSubscriber } from './event-fanout';
import { toLiveEvent, type LiveEvent } from './event-rows';

const PROJECT_A = '7f3c1a52-4b8e-4d7a-9c21-0e6b5f4a3d10';
const PROJECT_B = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

let nextId = 1;
function projectEvent(projectId: string): LiveEvent {
  return toLiveEvent({
    id: nextId++,
    type: 'project.updated',
    severity: 'info',
    projectId,
    runId: null,
    taskId: null,
    agentId: null,
    sessionId: null,
    payload: { changedFields: ['name'] },
    createdAt: new Date(),
  });
}

/** A subscriber that records what the fan-out asked of it. */
function recorder(channels: Channel[], projectId?: string) {
  const seen = { checked: 0, delivered: [] as LiveEvent[] };
  const subscriber: FanoutSubscriber = {
    channels,
    projectId,
    accepts: () => {
      seen.checked += 1;
      return true;
    },
    deliver: (event) => seen.delivered.push(event),
    deliverBurst: (events) => seen.delivered.push(...events),
  };
  return { subscriber, seen };
}

describe('the fan-out index', () => {
  it('hands an event only to subscribers of its channel and project: the others are never even asked', () => {
    const fanout = new EventFanout({ tokenCoalesceMs: 0, lastRelayedId: () => 0n, logger: pino({ level: 'silent' }) });
    const inA = recorder(['projects'], PROJECT_A);
    const inB = recorder(['projects'], PROJECT_B);
    const everywhere = recorder(['projects', 'tasks']);
    const otherChannel = recorder(['tasks', 'agents'], PROJECT_A);
    for (const { subscriber } of [inA, inB, everywhere, otherChannel]) fanout.attach(subscriber);
    expect(fanout.subscriberCount).toBe(4);

    const event = projectEvent(PROJECT_A);
    fanout.publish(event);
    expect(inA.seen.delivered).toEqual([event]);
    expect(everywhere.seen.delivered).toEqual([event]);
    expect(inB.seen).toEqual({ checked: 0, delivered: [] });
    expect(otherChannel.seen).toEqual({ checked: 0, delivered: [] });

    fanout.detach(inA.subscriber);
    fanout.publish(projectEvent(PROJECT_A));
    expect(inA.seen.delivered).toHaveLength(1);
    expect(everywhere.seen.delivered).toHaveLength(2);
    expect(fanout.subscriberCount).toBe(3);
  });

  it('drops a subscriber whose delivery throws, and still delivers to the rest', () => {
    const fanout = new EventFanout({ tokenCoalesceMs: 0, lastRelayedId: () => 0n, logger: pino({ level: 'silent' }) });
    const broken = recorder(['projects']);
    broken.subscriber.deliver = () => {
      throw new Error('a transport bug');
    };
    const healthy = recorder(['projects']);
    fanout.attach(broken.subscriber);
    fanout.attach(healthy.subscriber);
    const event = projectEvent(PROJECT_A);
    fanout.publish(event);
    expect(healthy.seen.delivered).toEqual([event]);
    expect(fanout.subscriberCount).toBe(1);
  });
});
