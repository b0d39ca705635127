import { z } from 'zod';
import { EventSeverity } from '../enums';
import { Channel, CHANNELS } from '../events/channels';
import { EventType } from '../events/catalogue';
import { eventId } from '../events/envelope';
import { entityId, isoTimestamp, wholeNumber } from '../primitives';

// Reading the event log: a filtered query (the audit view, the seeds' GET /events) and a
// live subscription that resumes from the last id a client saw.

/** Where to start reading: after an event id, or after a moment in time. */
export type EventCursor = { kind: 'afterId'; id: bigint } | { kind: 'afterTime'; at: Date };

/**
 * `since` is either an event id ("12345": strictly after that event) or an ISO 8601
 * date-time (events created after it). Ids are the exact way to resume; dates are for people.
 */
export const eventSince = z
  .union([eventId, isoTimestamp], { error: 'must be an event id or an ISO 8601 date-time' })
  .transform((since): EventCursor =>
    /^\d+$/.test(since) ? { kind: 'afterId', id: BigInt(since) } : { kind: 'afterTime', at: new Date(since) },
  );

export const MAX_EVENTS_PER_QUERY = 1_000;

export const queryEventsInput = z.strictObject({
  type: EventType.optional(),
  channel: Channel.optional(),
  projectId: entityId.optional(),
  runId: entityId.optional(),
  taskId: entityId.optional(),
  agentId: entityId.optional(),
  sessionId: entityId.optional(),
  severity: EventSeverity.optional(),
  since: eventSince.optional(),
  limit: wholeNumber({ min: 1, max: MAX_EVENTS_PER_QUERY }).default(100),
});
export type QueryEventsInput = z.infer<typeof queryEventsInput>;

/**
 * A live subscription. `lastEventId` is the name tRPC's tracked() subscriptions send on
 * reconnect, so a client that drops resumes exactly after the last event it received.
 */
export const subscribeEventsInput = z.strictObject({
  channels: z
    .array(Channel)
    .min(1, 'subscribe to at least one channel')
    .refine((channels) => new Set(channels).size === channels.length, 'must not list the same channel twice')
    .default([...CHANNELS]),
  projectId: entityId.optional(),
  runId: entityId.optional(),
  agentId: entityId.optional(),
  sessionId: entityId.optional(),
  lastEventId: eventId.nullish(),
});
export type SubscribeEventsInput = z.infer<typeof subscribeEventsInput>;
