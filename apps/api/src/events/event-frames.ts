import { plainWsNamesOf } from '@quarterdeck/contracts';
import type { LiveEvent } from './event-rows';

// Every wire format an event is sent in, serialised once per event for all subscribers of
// the process (PERFORMANCE.md: tRPC's JSON.stringify per subscriber was the fan-out ceiling).
// A frame's resume cursor is normally the event's own id, and then the frame is cached; only
// a cursor held back inside a burst of merged token frames (live-subscription.ts) builds an
// uncached one.

interface Frames {
  json?: string;
  trpcTail?: Buffer;
  sse?: Buffer;
  plainWs?: Buffer;
}

const framesOf = new WeakMap<LiveEvent, Frames>();

function cached(event: LiveEvent): Frames {
  let frames = framesOf.get(event);
  if (frames === undefined) {
    frames = {};
    framesOf.set(event, frames);
  }
  return frames;
}

/** The catalogue envelope as JSON (what tRPC clients receive as `data`). */
export function eventJson(event: LiveEvent): string {
  const frames = cached(event);
  frames.json ??= JSON.stringify(event);
  return frames.json;
}

/**
 * The start of a tRPC data frame for one subscription: `{"id":<subscription>,"result":{"type":"data","id":`.
 * The rest is the same for every subscriber (trpcDataFrame), so only this part is per subscription.
 */
export function trpcDataPrefix(subscriptionId: string | number, jsonrpc: '2.0' | undefined): Buffer {
  return Buffer.from(
    `{"id":${JSON.stringify(subscriptionId)},${jsonrpc === undefined ? '' : '"jsonrpc":"2.0",'}"result":{"type":"data","id":`,
  );
}

function trpcTail(event: LiveEvent, cursor: string): Buffer {
  return Buffer.from(`"${cursor}","data":{"id":"${cursor}","data":${eventJson(event)}}}}`);
}

/**
 * tRPC's frame for a tracked event (what its ws adapter sends for `yield tracked(id, event)`):
 * the client keeps `result.id` and sends it back as `lastEventId` when it reconnects. Bytes,
 * so a subscriber costs one copy of the frame and no string encoding.
 */
export function trpcDataFrame(prefix: Buffer, event: LiveEvent, cursor: bigint): Buffer {
  if (cursor !== event.sequence) return Buffer.concat([prefix, trpcTail(event, cursor.toString())]);
  const frames = cached(event);
  frames.trpcTail ??= trpcTail(event, event.id);
  return Buffer.concat([prefix, frames.trpcTail]);
}

function sseFrame(event: LiveEvent, cursor: string): Buffer {
  return Buffer.from(`data: ${eventJson(event)}\nid: ${cursor}\n\n`);
}

/** A server-sent event as tRPC's httpSubscriptionLink reads it: the event as data, the cursor as the SSE id. */
export function sseDataFrame(event: LiveEvent, cursor: bigint): Buffer {
  if (cursor !== event.sequence) return sseFrame(event, cursor.toString());
  const frames = cached(event);
  frames.sse ??= sseFrame(event, event.id);
  return frames.sse;
}

function plainWsFrame(event: LiveEvent, cursor: string): Buffer {
  const names = plainWsNamesOf(event);
  return Buffer.from(
    `{"type":${JSON.stringify(names.type)},"event_type":${JSON.stringify(names.eventType)},"id":"${cursor}","event":${eventJson(event)}}`,
  );
}

/** A frame of the plain /ws socket (docs/ws.md): the seeds' names, the cursor, the envelope. */
export function plainWsEventFrame(event: LiveEvent, cursor: bigint): Buffer {
  if (cursor !== event.sequence) return plainWsFrame(event, cursor.toString());
  const frames = cached(event);
  frames.plainWs ??= plainWsFrame(event, event.id);
  return frames.plainWs;
}
