import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';
import { TokenBucket } from './rate-limit';

describe('TokenBucket', () => {
  it('allows a burst of a sixth of the per-minute limit, then one call per refill interval', () => {
    let now = 0;
    const bucket = new TokenBucket(60, () => now);
    for (let call = 0; call < 10; call++) expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(1_000);
    now += 1_000;
    expect(bucket.tryTake()).toBe(0);
  });

  it('takes the stricter of two limits for the same provider', () => {
    let now = 0;
    const bucket = new TokenBucket(600, () => now);
    bucket.tighten(6);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(10_000);
    now += 10_000;
    expect(bucket.tryTake()).toBe(0);
  });
});

describe('backoffDelayMs', () => {
  it('doubles the ceiling per retry, with full jitter, capped', () => {
    expect(backoffDelayMs(0, 500, 30_000, () => 1)).toBe(500);
    expect(backoffDelayMs(3, 500, 30_000, () => 1)).toBe(4_000);
    expect(backoffDelayMs(10, 500, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelayMs(3, 500, 30_000, () => 0.5)).toBe(2_000);
  });
});
