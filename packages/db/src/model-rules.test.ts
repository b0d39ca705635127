import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { appendEvent, appendEvents, deliveredEventHead, readEventsAfter, verifyEventChain } from './event-log';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function makeProject(name = 'Night-shift habit tracker') {
  return database.db.project.create({ data: { name, productIdea: 'a habit-tracking app for nurses on night shift' } });
}

describe('deleting a project', () => {
  it('removes its runs, tasks, artifacts and HITL requests, keeps its agents (unassigned) and its events', async () => {
    const { db } = database;
    const project = await makeProject();
    const run = await db.workflowRun.create({ data: { projectId: project.id, workflowId: 'software-delivery' } });
    const wave = await db.wave.create({ data: { runId: run.id, number: 0 } });
    const task = await db.task.create({
      data: { projectId: project.id, runId: run.id, waveId: wave.id, title: 'Analyse', role: 'analyst', instructions: 'x' },
    });
    const agent = await db.agent.create({ data: { name: 'Ana', role: 'analyst', projectId: project.id, currentTaskId: task.id } });
    await db.contextArtifact.create({
      data: {
        projectId: project.id,
        taskId: task.id,
        logicalKey: 'spec',
        name: 'Spec',
        artifactType: 'spec',
        sourceAgent: 'analyst',
        content: {},
        contentHash: 'h',
      },
    });
    await db.hitlRequest.create({ data: { projectId: project.id, taskId: task.id, question: 'Approve?' } });
    await appendEvent(db, { type: 'project.created', projectId: project.id });

    await db.project.delete({ where: { id: project.id } });

    expect(await db.workflowRun.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.task.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.contextArtifact.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.hitlRequest.count({ where: { projectId: project.id } })).toBe(0);
    const survivor = await db.agent.findUniqueOrThrow({ where: { id: agent.id } });
    expect(survivor.projectId).toBeNull();
    expect(survivor.currentTaskId).toBeNull();
    expect(await db.event.count({ where: { projectId: project.id } })).toBe(1);
  });

  it('deleting a task removes its dependency edges and sessions', async () => {
    const { db } = database;
    const project = await makeProject();
    const [a, b] = await Promise.all(
      ['A', 'B'].map((title) => db.task.create({ data: { projectId: project.id, title, role: 'coder', instructions: '' } })),
    );
    if (!a || !b) throw new Error('tasks not created');
    await db.taskDependency.create({ data: { taskId: b.id, dependsOnTaskId: a.id } });
    const agent = await db.agent.create({ data: { name: 'C', role: 'coder' } });
    await db.agentSession.create({ data: { agentId: agent.id, taskId: a.id, attempt: 1 } });
    await db.task.delete({ where: { id: a.id } });
    expect(await db.taskDependency.count({ where: { taskId: b.id } })).toBe(0);
    expect(await db.agentSession.count({ where: { taskId: a.id } })).toBe(0);
  });
});

describe('uniqueness', () => {
  it('one session per task attempt, so a redelivered job cannot start the same attempt twice', async () => {
    const { db } = database;
    const project = await makeProject();
    const task = await db.task.create({ data: { projectId: project.id, title: 'T', role: 'coder', instructions: '' } });
    const agent = await db.agent.create({ data: { name: 'C', role: 'coder' } });
    await db.agentSession.create({ data: { agentId: agent.id, taskId: task.id, attempt: 1 } });
    await expect(db.agentSession.create({ data: { agentId: agent.id, taskId: task.id, attempt: 1 } })).rejects.toThrow(/Unique constraint/);
  });

  it('one artifact per (project, logical key, version) and per (session, logical key)', async () => {
    const { db } = database;
    const project = await makeProject();
    const base = {
      projectId: project.id,
      logicalKey: 'plan',
      name: 'Plan',
      artifactType: 'plan' as const,
      sourceAgent: 'architect',
      content: {},
      contentHash: 'h',
    };
    await db.contextArtifact.create({ data: { ...base, version: 1 } });
    await expect(db.contextArtifact.create({ data: { ...base, version: 1 } })).rejects.toThrow(/Unique constraint/);
    await db.contextArtifact.create({ data: { ...base, version: 2 } });
  });

  it('API token hashes and user emails are unique', async () => {
    const { db } = database;
    const user = await db.user.create({ data: { email: 'a@example.com', name: 'A' } });
    await expect(db.user.create({ data: { email: 'a@example.com', name: 'B' } })).rejects.toThrow(/Unique constraint/);
    await db.apiToken.create({ data: { userId: user.id, name: 't', tokenHash: 'same', prefix: 'qd_' } });
    await expect(db.apiToken.create({ data: { userId: user.id, name: 'u', tokenHash: 'same', prefix: 'qd_' } })).rejects.toThrow(
      /Unique constraint/,
    );
  });
});

describe('enum states', () => {
  it('the database refuses a task status outside the enum', async () => {
    const { db } = database;
    const project = await makeProject();
    const task = await db.task.create({ data: { projectId: project.id, title: 'T', role: 'qa', instructions: '' } });
    await expect(db.$executeRawUnsafe(`UPDATE tasks SET status = 'exploded' WHERE id = '${task.id}'`)).rejects.toThrow(
      /invalid input value for enum/,
    );
    await db.task.update({ where: { id: task.id }, data: { status: 'waiting_for_hitl' } });
  });
});

describe('the event log', () => {
  it('assigns increasing ids and chains each row to the one before', async () => {
    const { db } = database;
    const appended = await appendEvents(db, [
      { type: 'run.started', payload: { n: 1 } },
      { type: 'wave.started', payload: { n: 2 } },
      { type: 'task.status_changed', severity: 'warning', payload: { n: 3 } },
    ]);
    expect(appended).toHaveLength(3);
    const [first, second, third] = appended.map((row) => row.id);
    expect(second! > first! && third! > second!).toBe(true);
    const rows = await db.event.findMany({ where: { id: { in: [first!, second!, third!] } }, orderBy: { id: 'asc' } });
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
    expect(rows[2]!.severity).toBe('warning');
    expect(await verifyEventChain(db)).toBeNull();
  });

  it('refuses updates and deletes', async () => {
    const { db } = database;
    const { id } = await appendEvent(db, { type: 'system.heartbeat' });
    await expect(db.$executeRawUnsafe(`UPDATE events SET type = 'x' WHERE id = ${id}`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM events WHERE id = ${id}`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe('TRUNCATE events')).rejects.toThrow(/append-only/);
  });

  it('detects a tampered row', async () => {
    const { db } = database;
    await appendEvents(db, [
      { type: 'hitl.requested', payload: { q: 'ok?' } },
      { type: 'hitl.responded', payload: { a: 'approve' } },
    ]);
    const victim = await appendEvent(db, { type: 'artifact.created', payload: { name: 'spec' } });
    const last = await appendEvent(db, { type: 'run.completed' });
    // The chain is filled in as the delivered head moves (readers move it).
    expect(await deliveredEventHead(db)).toBeGreaterThanOrEqual(last.id);
    expect(await verifyEventChain(db)).toBeNull();

    // Someone with table-owner rights edits history behind the trigger's back.
    await db.$transaction([
      db.$executeRawUnsafe('ALTER TABLE events DISABLE TRIGGER events_append_only'),
      db.$executeRawUnsafe(`UPDATE events SET payload = '{"name":"forged"}' WHERE id = ${victim.id}`),
      db.$executeRawUnsafe('ALTER TABLE events ENABLE TRIGGER events_append_only'),
    ]);
    expect(await verifyEventChain(db)).toEqual({ brokenId: victim.id, reason: 'hash does not match the row content' });
  });

  it('never delivers an id past a writer that is still open: a smaller id that commits later is never skipped', async () => {
    const slow = new pg.Client(database.url);
    await slow.connect();
    try {
      await slow.query('BEGIN');
      const [slowRow] = (await slow.query<{ id: string }>(`INSERT INTO events (type) VALUES ('slow.first') RETURNING id`)).rows;
      // A later writer is not held up: it commits at once with a larger id…
      const fast = await appendEvent(database.db, { type: 'fast.second' });
      expect(fast.id > BigInt(slowRow?.id ?? 0)).toBe(true);
      // …but readers stop below the open writer, so nobody can move past its id.
      const before = BigInt(slowRow?.id ?? 0) - 1n;
      expect(await readEventsAfter(database.db, before, 10)).toEqual([]);
      await slow.query('COMMIT');
      const delivered = await readEventsAfter(database.db, before, 10);
      expect(delivered.map((event) => event.type)).toEqual(['slow.first', 'fast.second']);
    } finally {
      await slow.end();
    }
  });
});
