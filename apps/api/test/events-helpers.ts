import type { QuarterdeckEvent, SubscribeEventsInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { publishEvents } from '@quarterdeck/engine';
import type { wsConnection } from './harness';

/** What a worker would write: `count` project.updated events for a project, each its own commit unless batched. */
export async function writeProjectEvents(db: Db, projectId: string, count: number, label: string): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await publishEvents(db, [{ type: 'project.updated', projectId, payload: { changedFields: [`${label}-${index}`] } }]);
  }
}

export function labelOf(event: QuarterdeckEvent): string {
  return event.type === 'project.updated' ? (event.payload.changedFields[0] ?? '') : event.type;
}

export interface Collected {
  events: QuarterdeckEvent[];
  trackedIds: string[];
  stop(): void;
}

type SubscriptionInput = Partial<Omit<SubscribeEventsInput, 'channels'>> & { channels?: SubscribeEventsInput['channels'] };

/** Subscribes through the typed client and records every event and its tracked id. */
export function collect(connection: ReturnType<typeof wsConnection>, input: SubscriptionInput): Promise<Collected> {
  const events: QuarterdeckEvent[] = [];
  const trackedIds: string[] = [];
  return new Promise((resolve, reject) => {
    const subscription = connection.trpc.events.subscribe.subscribe(input, {
      onStarted: () => resolve({ events, trackedIds, stop: () => subscription.unsubscribe() }),
      onData: (tracked) => {
        trackedIds.push(tracked.id);
        events.push(tracked.data);
      },
      onError: reject,
    });
  });
}
