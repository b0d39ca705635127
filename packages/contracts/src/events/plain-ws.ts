import { z } from 'zod';
import type { AppErrorCode } from '../errors';
import type { UserRole } from '../enums';
import type { ValidationIssue } from '../issues';
import { entityId, optionalText } from '../primitives';
import { Channel, CHANNELS } from './channels';
import { eventId, type QuarterdeckEvent } from './envelope';

// The plain WebSocket at /ws, for programs that do not speak tRPC (seeds 001 and 003): JSON
// text frames, the seeds' event names beside the catalogue envelope, resumable by event id.
// The protocol is documented in docs/ws.md; these are its client frames and close codes.

/** Seed 003 subscribes to `events` beside the named channels: every channel. */
export const ALL_EVENTS_CHANNEL = 'events';
export const PlainWsChannel = z.enum([...Channel.options, ALL_EVENTS_CHANNEL]);
export type PlainWsChannel = z.infer<typeof PlainWsChannel>;

/** Echoed in the one reply to the frame that carried it. */
const requestId = z.union([z.string().max(200, 'must be at most 200 characters'), z.number().int()]).optional();

export const plainWsAuthFrame = z.strictObject({
  type: z.literal('auth'),
  token: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(500, 'is not an API token'),
  request_id: requestId,
});

export const plainWsSubscribeFrame = z.strictObject({
  type: z.literal('subscribe'),
  channels: z
    .array(PlainWsChannel)
    .min(1, 'subscribe to at least one channel')
    .refine((channels) => new Set(channels).size === channels.length, 'must not list the same channel twice')
    .default([ALL_EVENTS_CHANNEL]),
  project_id: entityId.optional(),
  run_id: entityId.optional(),
  agent_id: entityId.optional(),
  session_id: entityId.optional(),
  /** The `id` of the last event frame received: the server sends every later one, once, in order. */
  last_event_id: eventId.nullish(),
  request_id: requestId,
});
export type PlainWsSubscribeFrame = z.infer<typeof plainWsSubscribeFrame>;

export const plainWsUnsubscribeFrame = z.strictObject({ type: z.literal('unsubscribe'), request_id: requestId });

// Seed 003's client commands, with its camelCase fields.
export const plainWsAssignTaskFrame = z.strictObject({
  type: z.literal('task:assign'),
  taskId: entityId,
  agentId: entityId,
  request_id: requestId,
});
export const plainWsTerminateSessionFrame = z.strictObject({
  type: z.literal('session:terminate'),
  sessionId: entityId,
  reason: optionalText(2_000),
  request_id: requestId,
});
export const plainWsTriggerQaFrame = z.strictObject({
  type: z.literal('qa:trigger'),
  iterationId: entityId,
  request_id: requestId,
});

export const plainWsCommandFrame = z.discriminatedUnion('type', [
  plainWsAssignTaskFrame,
  plainWsTerminateSessionFrame,
  plainWsTriggerQaFrame,
]);
export type PlainWsCommandFrame = z.infer<typeof plainWsCommandFrame>;
export type PlainWsCommand = PlainWsCommandFrame['type'];

export const plainWsClientFrame = z.discriminatedUnion('type', [
  plainWsAuthFrame,
  plainWsSubscribeFrame,
  plainWsUnsubscribeFrame,
  plainWsAssignTaskFrame,
  plainWsTerminateSessionFrame,
  plainWsTriggerQaFrame,
]);
export type PlainWsClientFrame = z.infer<typeof plainWsClientFrame>;
export const PLAIN_WS_FRAME_TYPES: readonly string[] = plainWsClientFrame.options.map((option) => option.shape.type.value);

/** The catalogue channels a /ws subscription names (`events` is all of them). */
export function channelsOfPlainWs(channels: readonly PlainWsChannel[]): Channel[] {
  return channels.includes(ALL_EVENTS_CHANNEL)
    ? [...CHANNELS]
    : channels.filter((channel): channel is Channel => channel !== ALL_EVENTS_CHANNEL);
}

/** Close codes the server uses besides the standard ones (1001 going away, 1009 frame too big). */
export const PLAIN_WS_CLOSE = {
  /** No valid token, or the token was revoked / its user disabled while connected. */
  unauthorized: 4401,
  /** No `auth` frame within the time allowed. */
  authTimeout: 4408,
  /** The client read too slowly and its unsent frames passed the server's bound; resume with last_event_id. */
  slowConsumer: 4429,
} as const;

export type PlainWsRequestId = string | number;

/** Frames the server sends (besides event frames). */
export type PlainWsServerFrame =
  | { type: 'ready'; user_id: string; role: UserRole; request_id?: PlainWsRequestId }
  | { type: 'subscribed'; channels: Channel[]; last_event_id: string; request_id?: PlainWsRequestId }
  | { type: 'unsubscribed'; request_id?: PlainWsRequestId }
  | { type: 'reply'; command: PlainWsCommand; ok: true; result: unknown; request_id?: PlainWsRequestId }
  | {
      type: 'error';
      code: AppErrorCode;
      message: string;
      field?: string;
      issues?: ValidationIssue[];
      command?: string;
      request_id?: PlainWsRequestId;
    }
  | { type: 'disconnect'; reason: 'slow_consumer' | 'unauthorized' | 'shutdown'; message: string; last_event_id: string | null };

/** An event frame: the seeds' names, the id to resume after, and the catalogue envelope. */
export interface PlainWsEventFrame {
  /** Seed 003's name (`agent:status`, `task:updated`, …) or `event:new`. */
  type: string;
  /** Seeds 000/001's name (`agent_status_change`, `task_start`, …) or the catalogue type. */
  event_type: string;
  /** Send it back as `last_event_id` to resume after this frame. */
  id: string;
  event: QuarterdeckEvent;
}
