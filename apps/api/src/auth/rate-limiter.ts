/**
 * Per-token request budget over a sliding minute (two fixed windows, weighted), kept in
 * memory: each API process enforces the token's rateLimitPerMinute on its own, which bounds a
 * client that talks to one process and costs no database write per request.
 */
export class RateLimiter {
  readonly #windows = new Map<string, { windowStart: number; current: number; previous: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request; false when the token has used its budget for the last minute. */
  tryConsume(tokenId: string, perMinute: number): boolean {
    const now = this.now();
    const windowStart = now - (now % 60_000);
    let window = this.#windows.get(tokenId);
    if (!window || windowStart - window.windowStart >= 120_000) {
      window = { windowStart, current: 0, previous: 0 };
      this.#windows.set(tokenId, window);
    } else if (window.windowStart !== windowStart) {
      window.previous = window.current;
      window.current = 0;
      window.windowStart = windowStart;
    }
    const elapsedShare = (now - windowStart) / 60_000;
    const estimated = window.previous * (1 - elapsedShare) + window.current;
    if (estimated >= perMinute) return false;
    window.current += 1;
    return true;
  }
}
