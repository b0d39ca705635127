import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from './client';
import { appendEvents, deliveredEventHead, verifyEventChain } from './event-log';
import { createTestDatabase, type TestDatabase } from './testing';

// Writers in parallel with no shared lock, one of them holding its transaction open while the
// others commit, some rolling back; two readers in their own processes following the log.
// Every reader must see ids strictly increasing, every committed row exactly once, nothing
// rolled back, and nothing that committed late skipped.

const readerScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'testing/read-events-process.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: TestDatabase;
const writers: Db[] = [];
const children = new Set<ChildProcess>();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(writers.map((writer) => writer.$disconnect()));
  await database.drop();
});

interface Reader {
  ids: bigint[];
  stop(): Promise<void>;
}

async function startReader(url: string): Promise<Reader> {
  const child = fork(readerScript, [url], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  const ids: bigint[] = [];
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`reader exited with ${code}`)));
    child.on('message', (message: { ready?: boolean; ids?: string[]; done?: boolean }) => {
      if (message.ready) resolve();
      for (const id of message.ids ?? []) ids.push(BigInt(id));
      if (message.done) done();
    });
  });
  return {
    ids,
    stop: async () => {
      child.send('stop');
      await finished;
      children.delete(child);
    },
  };
}

function batch(writer: number, round: number, size: number) {
  return Array.from({ length: size }, (_, index) => ({ type: 'system.heartbeat', payload: { writer, round, index } }));
}

describe('appends without a writers lock', () => {
  it('readers in two processes see every committed event once, in strictly increasing id order, including one that committed late', async () => {
    const readers = await Promise.all([startReader(database.appUrl), startReader(database.appUrl)]);

    // A writer that takes its ids first and commits last: every later id must wait for it.
    const slow = new pg.Client(database.appUrl);
    await slow.connect();
    await slow.query('BEGIN');
    await slow.query(`INSERT INTO events (type, payload) SELECT 'system.heartbeat', '{"slow":1}' FROM generate_series(1, 3)`);

    // Four connections appending batches in transactions (some with a second statement after
    // a pause, some rolled back), and one appending outside any transaction.
    for (let index = 0; index < 5; index += 1) writers.push(createDb(database.appUrl, { maxConnections: 1 }));
    const rolledBack = new Error('rolled back on purpose');
    const work = writers.map(async (writer, w) => {
      for (let round = 0; round < 25; round += 1) {
        const size = 1 + ((w * 7 + round * 3) % 9);
        if (w === 4) {
          await appendEvents(writer, batch(w, round, size));
          continue;
        }
        await writer
          .$transaction(async (tx) => {
            await appendEvents(tx, batch(w, round, size));
            if (round % 3 === 0) {
              await sleep(3);
              await appendEvents(tx, batch(w, round + 100, 2));
            }
            if (round % 7 === 5) throw rolledBack;
          })
          .catch((error: unknown) => {
            if (error !== rolledBack) throw error;
          });
      }
    });
    const others = Promise.all(work.slice(0, 4));
    await sleep(300);
    await slow.query('COMMIT');
    await slow.end();
    await Promise.all([others, ...work.slice(4)]);

    const committed = (await database.db.event.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((row) => row.id);
    await Promise.all(readers.map((reader) => reader.stop()));

    expect(committed.length).toBeGreaterThan(300);
    for (const reader of readers) {
      expect(reader.ids.every((id, index) => index === 0 || id > (reader.ids[index - 1] ?? 0n))).toBe(true);
      expect(reader.ids).toEqual(committed);
    }
    const slowIds = await database.db.event.findMany({ where: { payload: { equals: { slow: 1 } } }, select: { id: true } });
    expect(slowIds).toHaveLength(3);
    const [rolledBackRows] = await database.db.$queryRawUnsafe<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM events
       WHERE (payload->>'writer')::int < 4 AND (payload->>'round')::int % 100 % 7 = 5`,
    );
    expect(rolledBackRows?.count).toBe(0);
    expect(await verifyEventChain(database.db)).toBeNull();
  }, 60_000);

  it('a writer holding its transaction open does not block other writers, only the delivery of what comes after it', async () => {
    const slow = new pg.Client(database.appUrl);
    await slow.connect();
    try {
      await slow.query('BEGIN');
      const { rows } = await slow.query<{ id: string }>(`INSERT INTO events (type) VALUES ('system.heartbeat') RETURNING id`);
      const slowId = BigInt(rows[0]?.id ?? '0');
      const started = performance.now();
      const [appended] = await database.db.$transaction((tx) => appendEvents(tx, batch(9, 0, 1)));
      expect(performance.now() - started).toBeLessThan(250);
      expect(appended && appended.id > slowId).toBe(true);
      // Delivery stops below the open writer's ids...
      expect((await deliveredEventHead(database.db, { waitMs: 0 })) < slowId).toBe(true);
      await slow.query('COMMIT');
      // ...and moves past both once it commits.
      expect(await deliveredEventHead(database.db)).toBeGreaterThanOrEqual(appended?.id ?? 0n);
    } finally {
      await slow.end();
    }
  });
});
