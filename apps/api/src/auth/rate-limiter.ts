import type { UserRole } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';

/** The API's request limits, from its env.ts. */
export interface ApiLimits {
  /** Largest request body any HTTP entry point reads. */
  maxBodyBytes: number;
  /** A token never gets more requests a minute than its role's ceiling, whatever it was issued with. */
  roleCeilings: Record<UserRole, number>;
  /** Per client address: calls without a valid token. */
  anonymousPerMinute: number;
  /** Per client address: login-link exchanges (guessing a link is the attack). */
  loginPerMinute: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = {
  maxBodyBytes: 8 * 1_024 * 1_024,
  roleCeilings: { viewer: 1_200, operator: 3_000, admin: 6_000 },
  anonymousPerMinute: 120,
  loginPerMinute: 10,
};

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends (what Retry-After says). */
  retryAfterSeconds: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Fixed one-minute windows counted in Postgres, so every API process enforces one shared
 * budget per key: one upsert per request, which counts the request and says whether it fits.
 * Windows are aligned to the database clock's minutes, so processes agree on them.
 */
export class RateLimiter {
  #lastSweep = 0;

  constructor(private readonly db: Db) {}

  async consume(key: string, perMinute: number): Promise<RateDecision> {
    await this.#sweepIfDue();
    const [row] = await this.db.$queryRaw<Array<{ count: number; retryAfterSeconds: number }>>`
      INSERT INTO rate_limit_counters AS c (key, window_start, count)
      VALUES (${key}, date_trunc('minute', now()), 1)
      ON CONFLICT (key) DO UPDATE
        SET count = CASE WHEN c.window_start = EXCLUDED.window_start THEN c.count + 1 ELSE 1 END,
            window_start = EXCLUDED.window_start
      RETURNING c.count AS "count",
        greatest(1, ceil(extract(epoch FROM c.window_start + interval '1 minute' - clock_timestamp())))::int AS "retryAfterSeconds"`;
    if (!row) throw new Error('the rate-limit upsert returned no row');
    return { allowed: row.count <= perMinute, retryAfterSeconds: row.retryAfterSeconds };
  }

  /** Counters of windows that have ended are dead weight: delete them about once a minute per process. */
  async #sweepIfDue(): Promise<void> {
    const now = Date.now();
    if (now - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = now;
    await this.db.$executeRaw`DELETE FROM rate_limit_counters WHERE window_start < date_trunc('minute', now())`;
  }
}
