import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../client';
import { appendEvents } from '../event-log';
import { createTestDatabase, type TestDatabase } from '../testing';
import { signCheckpoint, verifyEventLog, writeEventCheckpoint } from './checkpoints';

// Each case builds a log as the application writes it (as the application role), signs a
// checkpoint, then tampers with it through real SQL as the owner of the tables, the way an
// administrator with direct database access could, and checks what the audit reports.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const key = Buffer.from('an audit key that never enters the database, 32+ chars');

let database: TestDatabase;
let appDb: Db;
afterEach(async () => {
  await appDb.$disconnect();
  await database.drop();
});

/** Ten chained events (ids 1..10 in a fresh database) and a checkpoint that signs them. */
async function signedLog(): Promise<void> {
  database = await createTestDatabase();
  appDb = createDb(database.appUrl, { maxConnections: 2 });
  for (let round = 0; round < 5; round += 1) {
    await appendEvents(appDb, [
      { type: 'task.status_changed', payload: { round, n: 1 } },
      { type: 'task.status_changed', payload: { round, n: 2 } },
    ]);
  }
  const checkpoint = await writeEventCheckpoint(appDb, key);
  expect(checkpoint?.eventId).toBe(10n);
}

/** Runs statements as the owner with every user trigger of the log switched off meanwhile. */
async function tamper(...statements: string[]): Promise<void> {
  await database.db.$transaction([
    database.db.$executeRawUnsafe('ALTER TABLE events DISABLE TRIGGER USER'),
    database.db.$executeRawUnsafe('ALTER TABLE event_log_head DISABLE TRIGGER USER'),
    ...statements.map((statement) => database.db.$executeRawUnsafe(statement)),
    database.db.$executeRawUnsafe('ALTER TABLE events ENABLE TRIGGER USER'),
    database.db.$executeRawUnsafe('ALTER TABLE event_log_head ENABLE TRIGGER USER'),
  ]);
}

/** What someone covering their tracks does after a change: recompute every hash and the head. */
const RECHAIN = `
  DO $$
  DECLARE r record; prev text := ''; h text;
  BEGIN
    FOR r IN SELECT * FROM events WHERE id <= (SELECT id FROM event_log_head) ORDER BY id LOOP
      h := quarterdeck_event_hash(prev, r.id, r.type, r.severity, r.project_id, r.run_id, r.task_id,
                                  r.agent_id, r.session_id, r.payload, r.created_at);
      UPDATE events SET prev_hash = prev, hash = h WHERE id = r.id;
      prev := h;
    END LOOP;
    UPDATE event_log_head SET hash = prev;
  END $$`;

function auditCli() {
  return spawnSync(process.execPath, ['--import', 'tsx', 'packages/db/src/cli/audit.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.appUrl, QUARTERDECK_AUDIT_KEY: key.toString() },
    encoding: 'utf8',
  });
}

describe('the event log audit', () => {
  it('passes an untouched log, and `pnpm audit:events` exits 0 on it and 1 once a row is changed', async () => {
    await signedLog();
    expect(await verifyEventLog(appDb, key)).toEqual({ ok: true, problem: null, headId: 10n, checkpoints: 1, signedUpTo: 10n });
    const intact = auditCli();
    expect(intact.stdout).toContain('The event log is intact: chained up to event 10, 1 checkpoints, signed up to event 10.');
    expect(intact.status).toBe(0);

    await tamper(`UPDATE events SET payload = '{"round":2,"n":1,"forged":true}' WHERE id = 5`);
    const broken = auditCli();
    expect(broken.stderr).toContain('quarterdeck: The event log is broken at event 5: hash does not match the row content.');
    expect(broken.status).toBe(1);
  }, 60_000);

  it('finds a changed row', async () => {
    await signedLog();
    await tamper(`UPDATE events SET payload = '{"round":1,"n":2,"approved":false}' WHERE id = 4`);
    expect((await verifyEventLog(appDb, key)).problem).toEqual({ kind: 'event', id: 4n, reason: 'hash does not match the row content' });
  });

  it('finds a deleted row in the middle', async () => {
    await signedLog();
    await tamper('DELETE FROM events WHERE id = 6');
    expect((await verifyEventLog(appDb, key)).problem).toEqual({
      kind: 'event',
      id: 7n,
      reason: 'prev_hash does not match the previous row',
    });
  });

  it('finds a rewritten chain: a changed row with every hash after it recomputed', async () => {
    await signedLog();
    await tamper(`UPDATE events SET payload = '{"round":1,"n":1,"rewritten":true}' WHERE id = 3`, RECHAIN);
    const report = await verifyEventLog(appDb, key);
    expect(report.ok).toBe(false);
    expect(report.problem).toEqual({
      kind: 'checkpoint',
      id: 1n,
      reason: 'checkpoint 1 signed event 10 with another hash: events from the start up to 10 were rewritten',
    });
  });

  it('finds a deleted tail, even with the head moved back and re-chained', async () => {
    await signedLog();
    await tamper('DELETE FROM events WHERE id > 7', `UPDATE event_log_head SET id = 7`, RECHAIN);
    expect((await verifyEventLog(appDb, key)).problem).toEqual({
      kind: 'checkpoint',
      id: 1n,
      reason: 'checkpoint 1 signed event 10, which is missing: events were deleted',
    });
  });

  it('finds a deleted tail that took the head with it', async () => {
    await signedLog();
    await tamper('DELETE FROM events WHERE id > 8');
    expect((await verifyEventLog(appDb, key)).problem).toMatchObject({ kind: 'head', id: 10n });
  });

  it('finds a forged insert: a row slipped into the signed history and re-chained', async () => {
    await signedLog();
    await tamper(
      'UPDATE events SET id = id + 100 WHERE id > 5',
      'UPDATE events SET id = id - 99 WHERE id > 100',
      `INSERT INTO events (id, type, payload, created_at) VALUES (6, 'hitl.responded', '{"forged":true}', now())`,
      'UPDATE event_log_head SET id = 11',
      RECHAIN,
    );
    expect((await verifyEventLog(appDb, key)).problem).toMatchObject({ kind: 'checkpoint', id: 1n });
  });

  it('finds a forged insert past the head that carries a made-up hash', async () => {
    await signedLog();
    await tamper(`INSERT INTO events (id, type, prev_hash, hash) VALUES (50, 'system.heartbeat', 'x', 'y')`);
    expect((await verifyEventLog(appDb, key)).problem).toEqual({
      kind: 'event',
      id: 50n,
      reason: 'event 50 is past the head but carries a hash: it was not chained by the log',
    });
  });

  it('finds a checkpoint signed with another key, and a deleted checkpoint', async () => {
    await signedLog();
    await appendEvents(appDb, [{ type: 'system.heartbeat' }]);
    await writeEventCheckpoint(appDb, key);
    await appendEvents(appDb, [{ type: 'system.heartbeat' }]);
    const forged = { eventId: 12n, eventHash: 'x', prevSignature: 'y', createdAt: new Date() };
    await database.db.eventCheckpoint.create({ data: { ...forged, signature: signCheckpoint(Buffer.from('guessed key'), forged) } });
    expect((await verifyEventLog(appDb, key)).problem).toMatchObject({
      kind: 'checkpoint',
      id: 3n,
      reason: expect.stringMatching(/does not verify/),
    });

    await database.db.$executeRawUnsafe('ALTER TABLE event_checkpoints DISABLE TRIGGER USER');
    await database.db.$executeRawUnsafe('DELETE FROM event_checkpoints WHERE id IN (1, 3)');
    expect((await verifyEventLog(appDb, key)).problem).toEqual({
      kind: 'checkpoint',
      id: 2n,
      reason: 'checkpoint 2 does not follow the start of the log: a checkpoint was deleted',
    });
  });
});
