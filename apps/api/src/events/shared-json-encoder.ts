import type { Encoder } from '@trpc/server/adapters/ws';

// tRPC's WebSocket adapter encodes every message per subscriber; with 1,000 subscribers that
// is 1,000 JSON.stringify calls of the same event (PERFORMANCE.md: the cause of tRPC's
// collapse near 30 k deliveries/s). Relayed events are frozen objects shared by every
// subscriber of the process, so their JSON is computed once and spliced into each frame.
const serialised = new WeakMap<object, string>();

function jsonOfShared(value: object): string {
  let json = serialised.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    serialised.set(value, json);
  }
  return json;
}

interface TrackedDataMessage {
  id: string | number;
  jsonrpc?: '2.0';
  result: { type: 'data'; id: string; data: { id: string; data: object } };
}

function isTrackedSharedData(message: unknown): message is TrackedDataMessage {
  if (typeof message !== 'object' || message === null || !('result' in message)) return false;
  const result = message.result;
  if (typeof result !== 'object' || result === null || !('type' in result) || result.type !== 'data' || !('id' in result)) return false;
  if (!('data' in result) || typeof result.data !== 'object' || result.data === null || !('data' in result.data)) return false;
  const data = result.data.data;
  return typeof data === 'object' && data !== null && Object.isFrozen(data);
}

export const sharedEventEncoder: Encoder = {
  encode(message) {
    if (!isTrackedSharedData(message)) return JSON.stringify(message);
    const { id, jsonrpc, result } = message;
    const trackedId = JSON.stringify(result.id);
    return `{"id":${JSON.stringify(id)},${jsonrpc === undefined ? '' : '"jsonrpc":"2.0",'}"result":{"type":"data","id":${trackedId},"data":{"id":${trackedId},"data":${jsonOfShared(result.data.data)}}}}`;
  },
  decode(data) {
    if (typeof data !== 'string') throw new Error('Quarterdeck speaks JSON over text frames.');
    return JSON.parse(data) as unknown;
  },
};
