import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

// Frames of events published in the same tick (the relay hands over every row of one read in
// one synchronous loop) leave each socket in one write: the socket is corked at its first
// frame of the tick and uncorked once the tick's work is done, or as soon as 64 KB are
// waiting, so a large burst still goes out (and is judged against the subscriber's bound) as
// it is written. When the process falls behind, reads grow to several rows and the write
// syscalls per subscriber do not grow with them, so delivery catches up instead of collapsing.

interface Corkable {
  cork(): void;
  uncork(): void;
  readonly writableLength: number;
}

const FLUSH_AT_BYTES = 64 * 1024;
const corked = new Set<Corkable>();

function uncorkAll(): void {
  for (const stream of corked) stream.uncork();
  corked.clear();
}

/** Holds `stream`'s writes until the end of this tick; call before writing a frame. */
export function corkForTick(stream: Corkable): void {
  if (corked.has(stream)) return;
  if (corked.size === 0) process.nextTick(uncorkAll);
  stream.cork();
  corked.add(stream);
}

/** Call after writing a frame: lets the held writes go once they are large. */
export function flushIfFull(stream: Corkable): void {
  if (stream.writableLength < FLUSH_AT_BYTES || !corked.delete(stream)) return;
  stream.uncork();
}

const upgraded = new WeakMap<WebSocket, Duplex>();

/** Remembers the TCP socket a WebSocket was upgraded on (ws keeps it private), so it can be corked. */
export function rememberUpgradedSocket(socket: WebSocket, stream: Duplex): void {
  upgraded.set(socket, stream);
}

/** Sends a frame on a WebSocket inside this tick's cork. */
export function sendCorked(socket: WebSocket, send: () => void): void {
  const stream = upgraded.get(socket);
  if (stream) corkForTick(stream);
  send();
  if (stream) flushIfFull(stream);
}
