import { WebSocket, type ClientOptions } from 'ws';
import { frameText } from './harness';

// A raw `ws` client for the plain /ws socket (and for speaking tRPC's wire protocol by hand):
// it records every text frame as parsed JSON and the close, and waits for frames by predicate.

export type Frame = Record<string, unknown>;

export interface Closed {
  code: number;
  reason: string;
}

export class RawSocket {
  readonly socket: WebSocket;
  readonly frames: Frame[] = [];
  readonly closed: Promise<Closed>;
  #waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })));
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = frameText(data);
      if (!text.startsWith('{') && !text.startsWith('[')) return;
      this.frames.push(JSON.parse(text) as Frame);
      for (const wake of this.#waiters) wake();
    });
  }

  static open(url: string, options: ClientOptions = {}): Promise<RawSocket> {
    const socket = new WebSocket(url, options);
    const raw = new RawSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(raw));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`handshake refused with HTTP ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** The handshake's HTTP status when the server refuses the upgrade. */
  static refusal(url: string, options: ClientOptions = {}): Promise<number> {
    const socket = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('open', () => {
        socket.terminate();
        reject(new Error('the handshake was accepted'));
      });
      socket.once('error', () => {});
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (from `from` on) matching `predicate`, waiting for it if needed. */
  async next(predicate: (frame: Frame) => boolean, what: string, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}; got ${JSON.stringify(this.frames.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        const waiters = this.#waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** The one reply (or error) carrying `requestId`. */
  reply(requestId: string): Promise<Frame> {
    return this.next((frame) => frame.request_id === requestId, `the reply to ${requestId}`);
  }

  /** Event frames received so far. */
  events(): Frame[] {
    return this.frames.filter((frame) => typeof frame.event === 'object' && frame.event !== null);
  }

  close(): Promise<Closed> {
    this.socket.close();
    return this.closed;
  }
}

/** The catalogue envelope inside a /ws event frame. */
export function envelopeOf(frame: Frame): { id: string; type: string; payload: Record<string, unknown>; projectId?: string } {
  return frame.event as { id: string; type: string; payload: Record<string, unknown>; projectId?: string };
}
