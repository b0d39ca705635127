import type { ConnectionStatus } from '../types';

// The live connection's state as the banner shows it, driven by the WebSocket client's
// open / close callbacks and the browser's online / offline events. Kept free of React and
// of tRPC so the transitions can be tested on their own.

export type ConnectionSignal = 'open' | 'close' | 'browser-offline' | 'browser-online';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Closes since the last successful open; a short blip is "reconnecting", a long outage "offline". */
  failedAttempts: number;
}

/** After this many closes in a row without an open, the server is treated as unreachable. */
export const OFFLINE_AFTER_FAILED_ATTEMPTS = 4;

export const initialConnectionState: ConnectionState = { status: 'connecting', failedAttempts: 0 };

export function nextConnectionState(state: ConnectionState, signal: ConnectionSignal): ConnectionState {
  switch (signal) {
    case 'open':
      return { status: 'live', failedAttempts: 0 };
    case 'close': {
      const failedAttempts = state.failedAttempts + 1;
      if (state.status === 'offline' || failedAttempts >= OFFLINE_AFTER_FAILED_ATTEMPTS) return { status: 'offline', failedAttempts };
      return { status: 'reconnecting', failedAttempts };
    }
    case 'browser-offline':
      return { status: 'offline', failedAttempts: state.failedAttempts };
    case 'browser-online':
      return state.status === 'offline' ? { status: 'reconnecting', failedAttempts: 0 } : state;
  }
}

/** Reconnect delay: quick first retries, then exponential up to 10 s, so a restarted API is picked up fast. */
export function reconnectDelayMs(attemptIndex: number): number {
  return attemptIndex === 0 ? 250 : Math.min(500 * 2 ** (attemptIndex - 1), 10_000);
}
