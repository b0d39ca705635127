import type pg from 'pg';
import type { Db } from './client';
import type { EventSeverity, Prisma } from './generated/prisma/client';

// How the log stays ordered without a writers' lock is explained at the top of the migration
// `event_log_sequencer`. In short: writers insert freely (ids from the sequence); the
// "delivered head" (event_log_head) only moves past an id once every smaller id is committed
// or rolled back, and the chain hash of each row is filled in as it does; readers read only
// up to the head. This file is the application's side of that: appending, and reading.

/** Anything that can run raw SQL: the client or an interactive transaction. */
export type SqlRunner = Pick<Db, '$queryRawUnsafe'> | Pick<Prisma.TransactionClient, '$queryRawUnsafe'>;

/** A reader's connection: a Prisma client (or transaction), or a plain `pg` client such as a LISTEN connection. */
export type EventReadRunner = SqlRunner | Pick<pg.ClientBase, 'query'>;

export interface NewEvent {
  type: string;
  severity?: EventSeverity;
  projectId?: string | null;
  runId?: string | null;
  taskId?: string | null;
  agentId?: string | null;
  sessionId?: string | null;
  payload?: unknown;
}

export interface AppendedEvent {
  id: bigint;
  createdAt: Date;
}

/** An event as readers get it (the wire columns, not the hash chain). */
export interface EventRow {
  id: bigint;
  type: string;
  severity: string;
  projectId: string | null;
  runId: string | null;
  taskId: string | null;
  agentId: string | null;
  sessionId: string | null;
  payload: unknown;
  createdAt: Date;
}

// One statement for any number of events: the hot path (tokens, log lines) appends in
// batches, and Prisma's createMany is an order of magnitude slower than UNNEST here.
// The id and timestamp are column defaults; the hash chain is filled in by the chainer.
const INSERT_EVENTS = `
  INSERT INTO events (type, severity, project_id, run_id, task_id, agent_id, session_id, payload)
  SELECT * FROM unnest($1::text[], $2::"EventSeverity"[], $3::uuid[], $4::uuid[], $5::uuid[],
                       $6::uuid[], $7::uuid[], $8::jsonb[])
  RETURNING id, created_at AS "createdAt"`;

/** How long a reader that found nothing new waits for an older open writer to finish. */
const READER_WAIT_MS = 25;

/**
 * Appends events to the log, in order, inside whatever transaction `runner` belongs to (so an
 * event commits together with the state change it describes). Listeners are notified at commit.
 * It never waits for delivery: readers (the relay, back-fills, queries) move the delivered
 * head themselves, so a writer is never held up by another writer's open transaction.
 */
export async function appendEvents(runner: SqlRunner, events: NewEvent[]): Promise<AppendedEvent[]> {
  if (events.length === 0) return [];
  const column = <T>(pick: (event: NewEvent) => T) => events.map(pick);
  return runner.$queryRawUnsafe<AppendedEvent[]>(
    INSERT_EVENTS,
    column((e) => e.type),
    column((e) => e.severity ?? 'info'),
    column((e) => e.projectId ?? null),
    column((e) => e.runId ?? null),
    column((e) => e.taskId ?? null),
    column((e) => e.agentId ?? null),
    column((e) => e.sessionId ?? null),
    column((e) => JSON.stringify(e.payload ?? {})),
  );
}

export async function appendEvent(runner: SqlRunner, event: NewEvent): Promise<AppendedEvent> {
  const [appended] = await appendEvents(runner, [event]);
  if (!appended) throw new Error('The event log did not return the appended row.');
  return appended;
}

/**
 * The delivered head: moves it as far as it can go now and returns it. Every event with an id
 * up to it is committed, chained and visible, and no event with a smaller id can appear
 * later. Readers filter on `id <= head` in a statement issued after this (for example a
 * Prisma `findMany` with `id: { gt: after, lte: head }`); that is all it takes to read in
 * strictly increasing order without ever skipping an event that commits late. When an older
 * writer is still open it waits up to `waitMs` for it first.
 */
export async function deliveredEventHead(runner: EventReadRunner, { waitMs = READER_WAIT_MS }: { waitMs?: number } = {}): Promise<bigint> {
  const { head, pending } = await advance(runner);
  if (!pending || waitMs <= 0 || !(await awaitProgress(runner, head, waitMs))) return head;
  return (await advance(runner)).head;
}

const READ_AFTER = `
  SELECT id, type, severity::text AS severity, project_id AS "projectId", run_id AS "runId", task_id AS "taskId",
         agent_id AS "agentId", session_id AS "sessionId", payload, created_at AS "createdAt"
  FROM events WHERE id > $1::bigint AND id <= $2::bigint ORDER BY id LIMIT $3::int`;

/**
 * Up to `limit` delivered events after `afterId`, in id order: the read every consumer of the
 * log goes through. Read again after the last id returned to continue; ids only grow, and an
 * id never appears below one already returned.
 */
export async function readEventsAfter(runner: EventReadRunner, afterId: bigint, limit: number): Promise<EventRow[]> {
  let { head, pending } = await advance(runner);
  let rows = await query<RawEventRow>(runner, READ_AFTER, [afterId.toString(), head.toString(), limit]);
  if (rows.length === 0 && pending && (await awaitProgress(runner, head, READER_WAIT_MS))) {
    ({ head, pending } = await advance(runner));
    rows = await query<RawEventRow>(runner, READ_AFTER, [afterId.toString(), head.toString(), limit]);
  }
  return rows.map((row) => ({ ...row, id: BigInt(row.id), createdAt: new Date(row.createdAt) }));
}

export interface ChainBreak {
  brokenId: bigint;
  reason: string;
}

/** Recomputes the hash chain up to the head; returns the first row that does not match, or null. */
export async function verifyEventChain(runner: SqlRunner): Promise<ChainBreak | null> {
  const rows = await runner.$queryRawUnsafe<Array<{ broken_id: bigint; reason: string }>>(
    'SELECT broken_id, reason FROM quarterdeck_verify_event_chain()',
  );
  const first = rows[0];
  return first ? { brokenId: first.broken_id, reason: first.reason } : null;
}

/** The Postgres channel every event writer notifies at commit (payload empty: "read after your last id"). */
export const EVENTS_CHANNEL = 'quarterdeck_events';

type RawEventRow = Omit<EventRow, 'id' | 'createdAt'> & { id: bigint | string; createdAt: Date | string };

/** The chainer: one short transaction (when run outside one) that moves the head as far as it can. */
async function advance(runner: EventReadRunner): Promise<{ head: bigint; pending: boolean }> {
  const [row] = await query<{ head: string; pending: boolean }>(
    runner,
    'SELECT head_id::text AS head, pending FROM quarterdeck_events_advance()',
    [],
  );
  if (!row) throw new Error('quarterdeck_events_advance() returned no row.');
  return { head: BigInt(row.head), pending: row.pending };
}

async function awaitProgress(runner: EventReadRunner, head: bigint, waitMs: number): Promise<boolean> {
  const [row] = await query<{ progressed: boolean }>(
    runner,
    'SELECT quarterdeck_events_await_progress($1::bigint, $2::int) AS progressed',
    [head.toString(), Math.ceil(waitMs)],
  );
  return row?.progressed === true;
}

async function query<T extends pg.QueryResultRow>(runner: EventReadRunner, sql: string, params: unknown[]): Promise<T[]> {
  if ('$queryRawUnsafe' in runner) return runner.$queryRawUnsafe<T[]>(sql, ...params);
  const result = await runner.query<T>(sql, params);
  return result.rows;
}
