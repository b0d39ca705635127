// What the shared rate limit costs a request: the Postgres upsert that counts it
// (apps/api/src/auth/rate-limiter.ts), against a `SELECT 1` through the same Prisma client
// (the cheapest round trip there is) and against the token lookup every request already
// makes, in the same run. Sequential (one request's added latency) and 8 concurrent callers
// on one token (the hot-row case). Uses DATABASE_URL when set, otherwise its own embedded
// Postgres; a few seconds. `CALLS` overrides the count.
import { createDb } from '@quarterdeck/db';
import { createMigratedDatabase, startScratchPostgres } from '@quarterdeck/db/testing';
import { RateLimiter } from '../apps/api/src/auth/rate-limiter';
import { newSecret } from '../apps/api/src/auth/secrets';
import { authenticate } from '../apps/api/src/auth/authenticate';

const CALLS = Number(process.env.CALLS ?? 3_000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function measure(label: string, concurrency: number, work: () => Promise<unknown>) {
  for (let warm = 0; warm < 200; warm++) await work();
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < CALLS) {
        next += 1;
        const start = performance.now();
        await work();
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  latencies.sort((a, b) => a - b);
  return { label, p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: CALLS / seconds };
}

const postgres = await startScratchPostgres(process.env.DATABASE_URL);
const database = await createMigratedDatabase(postgres.adminUrl, `qd_bench_rate_${process.pid}`);
const db = createDb(database.url, { applicationName: 'bench-rate-limit' });
try {
  const user = await db.user.create({ data: { email: 'bench@example.test', name: 'Bench' }, select: { id: true } });
  const secret = newSecret();
  await db.apiToken.create({
    data: { userId: user.id, name: 'bench', tokenHash: secret.hash, prefix: secret.prefix },
    select: { id: true },
  });
  const limiter = new RateLimiter(db);
  const rows = [];
  for (const concurrency of [1, 8]) {
    const baseline = await measure('SELECT 1', concurrency, () => db.$queryRawUnsafe('SELECT 1'));
    const lookup = await measure('token lookup (authenticate)', concurrency, () => authenticate(db, secret.plain));
    const counted = await measure('rate-limit upsert', concurrency, () => limiter.consume('token:bench', 1_000_000_000));
    for (const row of [baseline, lookup, counted]) {
      rows.push({
        concurrency,
        what: row.label,
        'p50 ms': row.p50.toFixed(3),
        'p99 ms': row.p99.toFixed(3),
        'per s': Math.round(row.perSecond),
        'p50 ÷ SELECT 1': (row.p50 / baseline.p50).toFixed(2),
      });
    }
  }
  console.log(`${CALLS} calls each; the upsert is what every request adds (the token lookup it already had is shown for scale)`);
  console.table(rows);
} finally {
  await db.$disconnect();
  await database.drop();
  await postgres.stop();
}
