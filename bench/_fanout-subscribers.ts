// The 1,000 subscribers of bench/event-fanout.ts, in a process of their own: they are the
// clients, so their parsing must not share the event loop of the server being measured (bare
// `ws` or Quarterdeck), just as real clients run elsewhere. Receipt times are absolute
// (timeOrigin + now, one clock for both processes) so the bench, which records when each event
// was written, can subtract them.
import { WebSocket } from 'ws';

export type SubscriberKind = 'bare' | 'trpc' | 'ws';

export type ToSubscribers =
  | { type: 'open'; kind: SubscriberKind; port: number; count: number; token: string; projectId: string }
  | { type: 'reset' }
  | { type: 'progress'; wanted: number }
  | { type: 'collect' }
  | { type: 'close' };

export type FromSubscribers =
  | { type: 'ready' }
  | { type: 'opened' }
  | { type: 'reset' }
  | { type: 'progress'; complete: number }
  | { type: 'received'; entries: Array<[string, number[]]> }
  | { type: 'closed' };

interface Frame {
  result?: { type?: string; data?: { data?: { payload?: { changedFields?: string[] } } } };
  event?: { payload?: { changedFields?: string[] } };
}

if (!process.send) throw new Error('Run as a child process of bench/event-fanout.ts (it needs an IPC channel).');

let sockets: WebSocket[] = [];
let received = new Map<string, number[]>();

function text(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

/** The label (the event's only changed field) of a tRPC data frame or a /ws event frame; null for anything else. */
function labelOf(frame: string): string | null {
  if (!frame.startsWith('{')) return null;
  const message = JSON.parse(frame) as Frame;
  if (message.result?.type === 'data') return message.result.data?.data?.payload?.changedFields?.[0] ?? null;
  return message.event?.payload?.changedFields?.[0] ?? null;
}

function record(label: string): void {
  const at = performance.timeOrigin + performance.now();
  const list = received.get(label);
  if (list) list.push(at);
  else received.set(label, [at]);
}

function open(message: Extract<ToSubscribers, { type: 'open' }>, index: number): Promise<WebSocket> {
  const base = `ws://127.0.0.1:${message.port}`;
  const socket =
    message.kind === 'bare'
      ? new WebSocket(base)
      : message.kind === 'trpc'
        ? new WebSocket(`${base}/trpc?connectionParams=1`)
        : new WebSocket(`${base}/ws`, { headers: { authorization: `Bearer ${message.token}` } });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.on('message', (data) => {
      const frame = text(data);
      if (frame.includes('"started"') || frame.includes('"subscribed"')) resolve(socket);
      const label = labelOf(frame);
      if (label) record(label);
    });
    socket.once('open', () => {
      if (message.kind === 'bare') resolve(socket);
      else if (message.kind === 'ws')
        socket.send(JSON.stringify({ type: 'subscribe', channels: ['projects'], project_id: message.projectId }));
      else {
        socket.send(JSON.stringify({ method: 'connectionParams', data: { token: message.token } }));
        socket.send(
          JSON.stringify({
            id: index + 1,
            method: 'subscription',
            params: { path: 'events.subscribe', input: { channels: ['projects'], projectId: message.projectId } },
          }),
        );
      }
    });
  });
}

function reply(message: FromSubscribers): void {
  process.send?.(message);
}

process.on('message', (message: ToSubscribers) => {
  switch (message.type) {
    case 'open':
      void (async () => {
        // In batches, so 1,000 handshakes do not pile up on one event-loop turn.
        for (let start = 0; start < message.count; start += 100) {
          const batch = Array.from({ length: Math.min(100, message.count - start) }, (_, offset) => open(message, start + offset));
          sockets.push(...(await Promise.all(batch)));
        }
        reply({ type: 'opened' });
      })();
      return;
    case 'reset':
      received = new Map();
      reply({ type: 'reset' });
      return;
    case 'progress': {
      let complete = 0;
      for (const list of received.values()) if (list.length >= message.wanted) complete += 1;
      reply({ type: 'progress', complete });
      return;
    }
    case 'collect':
      reply({ type: 'received', entries: [...received] });
      return;
    case 'close':
      for (const socket of sockets) socket.terminate();
      sockets = [];
      reply({ type: 'closed' });
      process.disconnect();
      return;
  }
});

// Messages sent before this listener existed would be lost, so the bench waits for this.
reply({ type: 'ready' });
