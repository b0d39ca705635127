import { PLAIN_WS_CLOSE } from '@quarterdeck/contracts';

/** Close codes of both WebSockets (/trpc and /ws), documented in docs/ws.md. */
export const WS_CLOSE = {
  ...PLAIN_WS_CLOSE,
  /** The server is shutting down; reconnect (to it after a restart, or to another API process). */
  goingAway: 1001,
} as const;

export const SLOW_CONSUMER_REASON = 'slow consumer: reconnect with your last event id';

/** A close frame's reason is at most 123 bytes of UTF-8. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}
