import type { Db } from './client';
import type { EventSeverity, Prisma } from './generated/prisma/client';

/** Anything that can run raw SQL: the client or an interactive transaction. */
export type SqlRunner = Pick<Db, '$queryRawUnsafe'> | Pick<Prisma.TransactionClient, '$queryRawUnsafe'>;

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

// One statement for any number of events: the hot path (tokens, log lines) appends in
// batches, and Prisma's createMany is an order of magnitude slower than UNNEST here.
// The id, timestamp and hash chain are filled in by the table's trigger.
const INSERT_EVENTS = `
  INSERT INTO events (type, severity, project_id, run_id, task_id, agent_id, session_id, payload)
  SELECT * FROM unnest($1::text[], $2::"EventSeverity"[], $3::uuid[], $4::uuid[], $5::uuid[],
                       $6::uuid[], $7::uuid[], $8::jsonb[])
  RETURNING id, created_at AS "createdAt"`;

/**
 * Appends events to the log, in order, inside whatever transaction `runner` belongs to (so an
 * event commits together with the state change it describes). Listeners are notified at commit.
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

export interface ChainBreak {
  brokenId: bigint;
  reason: string;
}

/** Recomputes the hash chain; returns the first row that does not match, or null. */
export async function verifyEventChain(runner: SqlRunner): Promise<ChainBreak | null> {
  const rows = await runner.$queryRawUnsafe<Array<{ broken_id: bigint; reason: string }>>(
    'SELECT broken_id, reason FROM quarterdeck_verify_event_chain()',
  );
  const first = rows[0];
  return first ? { brokenId: first.broken_id, reason: first.reason } : null;
}

/** The Postgres channel the event trigger notifies, with the highest new id as payload. */
export const EVENTS_CHANNEL = 'quarterdeck_events';
