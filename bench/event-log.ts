// The event log's write path and delivery, each beside a baseline measured in the same run:
// the same UNNEST INSERT into a plain table with no trigger, and into a table carrying the
// previous design's trigger (an advisory lock held to commit, the id and hash chain taken
// under it). Reports batched rows/s, one-row append latency, concurrent appenders with 1, 2
// and 4 connections (the point of the new design: it scales instead of staying flat), and
// append → relay delivery latency.
//
//   npx tsx bench/event-log.ts            (own embedded Postgres, or DATABASE_URL)
//   SECONDS=2 npx tsx bench/event-log.ts
import { appendEvent, appendEvents, createDb, deliveredEventHead, type Db } from '@quarterdeck/db';
import { createMigratedDatabase, startScratchPostgres } from '@quarterdeck/db/testing';
import pg from 'pg';
import { EventRelay } from '../apps/api/src/events/event-relay';
import { createApiLogger } from '../apps/api/src/logger';

const SECONDS = Number(process.env.SECONDS ?? 3);
const BATCH = 1_000;

// The previous design, reproduced on scratch tables so it can be measured beside the new one.
const BASELINE_TABLES = `
  CREATE TABLE bench_plain (LIKE events INCLUDING DEFAULTS);
  ALTER TABLE bench_plain ALTER COLUMN id SET DEFAULT nextval('bench_plain_seq');
  CREATE TABLE bench_locked (LIKE events INCLUDING DEFAULTS);
  ALTER TABLE bench_locked ALTER COLUMN id SET DEFAULT nextval('bench_locked_seq');
  CREATE FUNCTION bench_locked_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE previous text;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('bench_locked'));
    NEW.id := nextval('bench_locked_seq');
    NEW.created_at := date_trunc('milliseconds', clock_timestamp());
    SELECT e.hash INTO previous FROM bench_locked e ORDER BY e.id DESC LIMIT 1;
    NEW.prev_hash := coalesce(previous, '');
    NEW.hash := quarterdeck_event_hash(NEW.prev_hash, NEW.id, NEW.type, NEW.severity, NEW.project_id,
      NEW.run_id, NEW.task_id, NEW.agent_id, NEW.session_id, NEW.payload, NEW.created_at);
    RETURN NEW;
  END $$;
  CREATE TRIGGER bench_locked_chain BEFORE INSERT ON bench_locked FOR EACH ROW EXECUTE FUNCTION bench_locked_before_insert();
  CREATE FUNCTION bench_locked_notify() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN PERFORM pg_notify('bench_locked', (SELECT max(id)::text FROM inserted)); RETURN NULL; END $$;
  CREATE TRIGGER bench_locked_notify AFTER INSERT ON bench_locked REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION bench_locked_notify();
  CREATE UNIQUE INDEX ON bench_locked (id);
  CREATE UNIQUE INDEX ON bench_plain (id);`;

const insertInto = (table: string) => `
  INSERT INTO ${table} (type, severity, project_id, run_id, task_id, agent_id, session_id, payload)
  SELECT * FROM unnest($1::text[], $2::"EventSeverity"[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::jsonb[])`;

type Target = 'log' | 'bench_plain' | 'bench_locked';

function rows(count: number, tag: string) {
  return Array.from({ length: count }, (_, index) => ({ type: 'task.status_changed', payload: { tag, index, note: 'x'.repeat(40) } }));
}

async function append(
  runner: Pick<Db, '$executeRawUnsafe'> & Parameters<typeof appendEvents>[0],
  target: Target,
  events: ReturnType<typeof rows>,
) {
  if (target === 'log') return void (await appendEvents(runner, events));
  const nulls = events.map(() => null);
  await runner.$executeRawUnsafe(
    insertInto(target),
    events.map((e) => e.type),
    events.map(() => 'info'),
    nulls,
    nulls,
    nulls,
    nulls,
    nulls,
    events.map((e) => JSON.stringify(e.payload)),
  );
}

async function forSeconds(work: () => Promise<void>): Promise<number> {
  const end = performance.now() + SECONDS * 1_000;
  let count = 0;
  while (performance.now() < end) {
    await work();
    count += 1;
  }
  return count / SECONDS;
}

/** Advances the head until it covers every appended row (the chainer does at most 10,000 rows per call). */
async function chainAll(db: Db): Promise<void> {
  const [last] = await db.$queryRawUnsafe<Array<{ id: bigint | null }>>('SELECT max(id) AS id FROM events');
  while ((await deliveredEventHead(db)) < (last?.id ?? 0n));
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number, b: number) => `${fmt(a / b, 2)}×`;

const postgres = await startScratchPostgres(process.env.DATABASE_URL);
const scratch = await createMigratedDatabase(postgres.adminUrl, `quarterdeck_bench_log_${process.pid}`);
const db = createDb(scratch.url, { maxConnections: 4 });
try {
  await db.$executeRawUnsafe('CREATE SEQUENCE bench_plain_seq');
  await db.$executeRawUnsafe('CREATE SEQUENCE bench_locked_seq');
  for (const statement of BASELINE_TABLES.split(/;\n(?=\s*CREATE|\s*ALTER)/)) await db.$executeRawUnsafe(statement);

  console.log(`\nBatched appends (${fmt(BATCH)} rows per transaction, ${SECONDS} s each)`);
  const batched: Record<Target, number> = { log: 0, bench_plain: 0, bench_locked: 0 };
  for (const target of ['bench_plain', 'bench_locked', 'log'] as const) {
    batched[target] = BATCH * (await forSeconds(() => db.$transaction((tx) => append(tx, target, rows(BATCH, 'batch')))));
  }
  const chainStart = performance.now();
  await chainAll(db);
  const chainMs = performance.now() - chainStart;
  const appendedRows = batched.log * SECONDS;
  console.log(`  plain table, no trigger          ${fmt(batched.bench_plain).padStart(9)} rows/s`);
  console.log(`  previous design (lock to commit) ${fmt(batched.bench_locked).padStart(9)} rows/s`);
  console.log(
    `  event log                        ${fmt(batched.log).padStart(9)} rows/s   ${ratio(batched.log, batched.bench_plain)} of plain, ${ratio(batched.log, batched.bench_locked)} of previous`,
  );
  console.log(
    `  chaining the ${fmt(appendedRows)} appended rows afterwards: ${fmt(chainMs)} ms (${fmt(appendedRows / (chainMs / 1_000))} rows/s, off the writers' path)`,
  );

  console.log(`\nOne-row append latency (autocommit, ${SECONDS} s each)`);
  const single = async (label: string, once: () => Promise<unknown>) => {
    const samples: number[] = [];
    await forSeconds(async () => {
      const start = performance.now();
      await once();
      samples.push(performance.now() - start);
    });
    return { label, p50: percentile(samples, 50), p99: percentile(samples, 99) };
  };
  const singles = [
    await single('plain table, no trigger', () => append(db, 'bench_plain', rows(1, 'one'))),
    await single('previous design (lock to commit)', () => append(db, 'bench_locked', rows(1, 'one'))),
    await single('event log, in a transaction', () => db.$transaction((tx) => appendEvents(tx, rows(1, 'one')))),
    await single('event log, returns when delivered', () => appendEvent(db, { type: 'task.status_changed', payload: { one: 1 } })),
  ];
  const plainP50 = singles[0]?.p50 ?? NaN;
  for (const { label, p50, p99 } of singles) {
    console.log(`  ${label.padEnd(34)} p50 ${fmt(p50, 2)} ms  p99 ${fmt(p99, 2)} ms  (${ratio(p50, plainP50)} plain p50)`);
  }

  console.log(`\nConcurrent appenders: transactions of 10 events + one more statement, ${SECONDS} s each`);
  const writers = [0, 1, 2, 3].map(() => createDb(scratch.url, { maxConnections: 1 }));
  const concurrency = [1, 2, 4];
  const table: Record<Target, number[]> = { log: [], bench_plain: [], bench_locked: [] };
  for (const target of ['bench_plain', 'bench_locked', 'log'] as const) {
    for (const connections of concurrency) {
      const counts = await Promise.all(
        writers.slice(0, connections).map((writer) =>
          forSeconds(() =>
            writer.$transaction(async (tx) => {
              await append(tx, target, rows(10, 'conc'));
              await tx.$executeRawUnsafe('SELECT 1');
            }),
          ),
        ),
      );
      table[target].push(counts.reduce((sum, n) => sum + n, 0));
    }
  }
  await Promise.all(writers.map((writer) => writer.$disconnect()));
  console.log(`  connections                       ${concurrency.map((c) => String(c).padStart(8)).join('')}   4 vs 1`);
  for (const [label, target] of [
    ['plain table, no trigger', 'bench_plain'],
    ['previous design (lock to commit)', 'bench_locked'],
    ['event log', 'log'],
  ] as const) {
    const values = table[target];
    console.log(
      `  ${label.padEnd(33)} ${values.map((v) => fmt(v).padStart(8)).join('')}   ${ratio(values[2] ?? NaN, values[0] ?? NaN)}  (tx/s)`,
    );
  }
  console.log(
    `  event log vs previous at 4 connections: ${ratio(table.log[2] ?? NaN, table.bench_locked[2] ?? NaN)}; vs plain: ${ratio(table.log[2] ?? NaN, table.bench_plain[2] ?? NaN)}`,
  );

  console.log(`\nAppend → relay delivery (50 events/s for ${SECONDS} s, one transaction each)`);
  await chainAll(db);
  const relay = new EventRelay({ connectionString: scratch.url, logger: createApiLogger('silent') });
  await relay.start();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  relay.subscribe((event) => {
    const sent = sentAt.get(event.id);
    if (sent !== undefined) latencies.push(performance.now() - sent);
  });
  const notifyLatencies: number[] = [];
  const end = performance.now() + SECONDS * 1_000;
  while (performance.now() < end) {
    const start = performance.now();
    const [appended] = await db.$transaction((tx) => appendEvents(tx, [{ type: 'system.heartbeat', payload: { workerId: 'bench' } }]));
    if (appended) sentAt.set(String(appended.id), start);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Baseline: a bare NOTIFY → LISTEN round trip on the same server.
  const client = new pg.Client(scratch.url);
  await client.connect();
  await client.query('LISTEN bench_ping');
  let pinged: (() => void) | null = null;
  client.on('notification', () => pinged?.());
  for (let index = 0; index < 50; index += 1) {
    const start = performance.now();
    const received = new Promise<void>((resolve) => (pinged = resolve));
    await db.$executeRawUnsafe(`SELECT pg_notify('bench_ping', '')`);
    await received;
    notifyLatencies.push(performance.now() - start);
  }
  await client.end();
  await new Promise((resolve) => setTimeout(resolve, 500));
  await relay.stop();
  console.log(
    `  event log → relay    p50 ${fmt(percentile(latencies, 50), 2)} ms  p99 ${fmt(percentile(latencies, 99), 2)} ms  (${latencies.length}/${sentAt.size} delivered)`,
  );
  console.log(
    `  bare NOTIFY → LISTEN p50 ${fmt(percentile(notifyLatencies, 50), 2)} ms  p99 ${fmt(percentile(notifyLatencies, 99), 2)} ms   ratio p50 ${ratio(percentile(latencies, 50), percentile(notifyLatencies, 50))}`,
  );
} finally {
  await db.$disconnect();
  await scratch.drop();
  await postgres.stop();
}
