import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from './client';
import { appendEvent, deliveredEventHead, verifyEventChain } from './event-log';
import { createTestDatabase, type TestDatabase } from './testing';

// The API and worker connect as the application role: it writes and reads the event log but
// cannot change, delete or truncate it, and, not owning the table, cannot switch its
// triggers off either.

let database: TestDatabase;
let appDb: Db;
let app: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  appDb = createDb(database.appUrl, { maxConnections: 2 });
  app = new pg.Client(database.appUrl);
  await app.connect();
});
afterAll(async () => {
  await app.end();
  await appDb.$disconnect();
  await database.drop();
});

describe('the application role', () => {
  it('appends events that are chained and delivered', async () => {
    const { id } = await appendEvent(appDb, { type: 'system.heartbeat', payload: { by: 'app' } });
    const { rows } = await app.query<{ id: string }>(`INSERT INTO events (type) VALUES ('system.heartbeat') RETURNING id`);
    expect(await deliveredEventHead(appDb)).toBeGreaterThanOrEqual(BigInt(rows[0]?.id ?? '0'));
    expect(id > 0n).toBe(true);
    expect(await verifyEventChain(appDb)).toBeNull();
  });

  it('cannot UPDATE, DELETE or TRUNCATE events', async () => {
    await expect(app.query(`UPDATE events SET type = 'forged'`)).rejects.toThrow(/permission denied for table events/);
    await expect(app.query('DELETE FROM events')).rejects.toThrow(/permission denied for table events/);
    await expect(app.query('TRUNCATE events')).rejects.toThrow(/permission denied for table events/);
  });

  it('cannot disable the triggers or alter the table', async () => {
    await expect(app.query('ALTER TABLE events DISABLE TRIGGER events_append_only')).rejects.toThrow(
      /must be owner of (table|relation) events/,
    );
    await expect(app.query('ALTER TABLE events DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner of (table|relation) events/);
    await expect(app.query('ALTER TABLE events DROP COLUMN hash')).rejects.toThrow(/must be owner of (table|relation) events/);
    await expect(app.query('DROP TRIGGER events_register_writer ON events')).rejects.toThrow(/must be owner of (table|relation) events/);
  });

  it('cannot choose an id, a timestamp or a hash, nor move the head', async () => {
    await expect(app.query(`INSERT INTO events (id, type) VALUES (999999, 'system.heartbeat')`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`INSERT INTO events (type, hash) VALUES ('system.heartbeat', 'x')`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`INSERT INTO events (type, created_at) VALUES ('system.heartbeat', now())`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.query('UPDATE event_log_head SET id = id + 1000')).rejects.toThrow(/permission denied for table event_log_head/);
    await expect(app.query(`SELECT setval('events_id_seq', 1)`)).rejects.toThrow(/permission denied/);
  });

  it('can add checkpoints but not change or remove them', async () => {
    await app.query(
      `INSERT INTO event_checkpoints (event_id, event_hash, prev_signature, signature, created_at) VALUES (1, 'h', '', 's', now())`,
    );
    await expect(app.query(`UPDATE event_checkpoints SET signature = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(app.query('DELETE FROM event_checkpoints')).rejects.toThrow(/permission denied/);
    await expect(app.query('TRUNCATE event_checkpoints')).rejects.toThrow(/permission denied/);
  });

  it('still runs the job queue and the domain tables', async () => {
    await app.query(`SELECT graphile_worker.add_job('system_heartbeat', '{}'::json)`);
    const project = await appDb.project.create({ data: { name: 'P', productIdea: 'an idea' } });
    await appDb.project.update({ where: { id: project.id }, data: { name: 'Q' } });
    await appDb.project.delete({ where: { id: project.id } });
  });
});
