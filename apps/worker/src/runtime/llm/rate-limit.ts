import { sleep } from './backoff';

/**
 * A token bucket: `perMinute` calls a minute on average, bursts of up to `perMinute` / 6
 * (ten seconds' worth, at least 1). In-process: each worker process limits itself.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private capacity: number;
  private refillPerMs: number;

  constructor(
    perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = burstOf(perMinute);
    this.refillPerMs = perMinute / 60_000;
    this.tokens = this.capacity;
    this.last = now();
  }

  /** A later agent may configure a different limit for the same provider: the stricter one wins. */
  tighten(perMinute: number): void {
    if (perMinute / 60_000 >= this.refillPerMs) return;
    this.refillPerMs = perMinute / 60_000;
    this.capacity = burstOf(perMinute);
    this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Takes one token if there is one; otherwise says how long until there will be. */
  tryTake(): number {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.refillPerMs);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.tokens) / this.refillPerMs);
  }

  async take(signal: AbortSignal): Promise<void> {
    for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) await sleep(wait, signal);
  }
}

function burstOf(perMinute: number): number {
  return Math.max(1, Math.floor(perMinute / 6));
}

/** One bucket per provider name. */
export class RateLimiters {
  private readonly buckets = new Map<string, TokenBucket>();

  bucket(provider: string, perMinute: number): TokenBucket {
    const existing = this.buckets.get(provider);
    if (existing) {
      existing.tighten(perMinute);
      return existing;
    }
    const bucket = new TokenBucket(perMinute);
    this.buckets.set(provider, bucket);
    return bucket;
  }
}
