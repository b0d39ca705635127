import { describe, expect, it } from 'vitest';
import {
  initialConnectionState,
  nextConnectionState,
  OFFLINE_AFTER_FAILED_ATTEMPTS,
  reconnectDelayMs,
  type ConnectionSignal,
} from './connection-status';

function run(signals: ConnectionSignal[]) {
  return signals.reduce(nextConnectionState, initialConnectionState);
}

describe('connection status', () => {
  it('is connecting until the socket first opens, then live', () => {
    expect(initialConnectionState.status).toBe('connecting');
    expect(run(['open']).status).toBe('live');
  });

  it('says reconnecting when a live socket closes, and live again when it reopens', () => {
    expect(run(['open', 'close']).status).toBe('reconnecting');
    expect(run(['open', 'close', 'close', 'open'])).toEqual({ status: 'live', failedAttempts: 0 });
  });

  it('gives up on "reconnecting" and says offline after repeated failures', () => {
    const closes: ConnectionSignal[] = Array.from({ length: OFFLINE_AFTER_FAILED_ATTEMPTS }, () => 'close');
    expect(run(['open', ...closes.slice(1)]).status).toBe('reconnecting');
    expect(run(['open', ...closes]).status).toBe('offline');
  });

  it('follows the browser going offline and back online', () => {
    expect(run(['open', 'browser-offline']).status).toBe('offline');
    expect(run(['open', 'browser-offline', 'browser-online']).status).toBe('reconnecting');
    expect(run(['open', 'browser-online']).status).toBe('live');
  });

  it('retries quickly at first and backs off to at most 10 s', () => {
    expect(reconnectDelayMs(0)).toBe(250);
    expect(reconnectDelayMs(1)).toBe(500);
    expect(reconnectDelayMs(2)).toBe(1_000);
    expect(reconnectDelayMs(30)).toBe(10_000);
  });
});
