import { redact } from '@quarterdeck/contracts';

/** Why a provider call failed, and whether trying the same provider again can help. */
export type ProviderFailure = 'rate_limited' | 'server_error' | 'timeout' | 'dropped_stream' | 'network' | 'rejected' | 'stream_error';

export class ProviderError extends Error {
  constructor(
    readonly failure: ProviderFailure,
    message: string,
    /** The provider said when to come back (Retry-After), in milliseconds. */
    readonly retryAfterMs: number | null = null,
  ) {
    // Provider error text is quoted into events, logs and task errors, and providers echo
    // keys back ("Incorrect API key provided: sk-…"): it is redacted where it is born.
    super(redact(message));
    this.name = 'ProviderError';
  }

  /** 429, 5xx, timeouts and dropped streams are worth another try; a 4xx is not. */
  get retryable(): boolean {
    return this.failure !== 'rejected';
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
