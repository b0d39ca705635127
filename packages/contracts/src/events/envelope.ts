import { z } from 'zod';
import { EventSeverity } from '../enums';
import { AppError } from '../errors';
import { formatIssues } from '../issues';
import { entityId, isoTimestamp } from '../primitives';
import {
  eventCatalogue,
  EventType,
  isEventType,
  type EventDefinition,
  type EventPayload,
  type EventPayloadInput,
  type ScopeKey,
} from './catalogue';

// The envelope every event travels in, and the three places an event changes hands:
// a producer builds a record to insert (createEventRecord), the API turns a stored row into
// the wire shape (toQuarterdeckEvent), and a client checks what it received
// (parseQuarterdeckEvent).

/** The ids that place an event; which ones a type must carry is in the catalogue's `scope`. */
export interface EventScope {
  projectId?: string;
  runId?: string;
  taskId?: string;
  agentId?: string;
  sessionId?: string;
}

const SCOPE_KEYS = ['projectId', 'runId', 'taskId', 'agentId', 'sessionId'] as const satisfies readonly ScopeKey[];

interface EventEnvelope<T extends EventType> extends EventScope {
  /** The log's bigint id as a decimal string (JSON has no bigint); ids grow in commit order. */
  id: string;
  type: T;
  severity: EventSeverity;
  payload: EventPayload<T>;
  /** ISO 8601. */
  createdAt: string;
}

/** An event as delivered to subscribers and API clients; narrow on `type` to get its payload. */
export type QuarterdeckEvent<T extends EventType = EventType> = EventsByType[T];
type EventsByType = { [K in EventType]: EventEnvelope<K> };

/**
 * The catalogue seen as "each type → a schema of that type's payload". Annotating it this
 * way lets TypeScript follow `payloadSchemas[type]` for a generic type (the correlated-union
 * pattern, microsoft/TypeScript#47109) with no casts.
 */
const payloadSchemas: { [K in EventType]: EventDefinition<z.ZodType<EventPayload<K>, EventPayloadInput<K>>> } = eventCatalogue;

function payloadSchemaOf<T extends EventType>(type: T): z.ZodType<EventPayload<T>, EventPayloadInput<T>> {
  return payloadSchemas[type].payload;
}

/** Parse a payload against its type's schema; throws a ZodError naming the bad paths. */
export function parseEventPayload<T extends EventType>(type: T, payload: unknown): EventPayload<T> {
  return payloadSchemaOf(type).parse(payload);
}

export function safeParseEventPayload<T extends EventType>(type: T, payload: unknown): z.ZodSafeParseResult<EventPayload<T>> {
  return payloadSchemaOf(type).safeParse(payload);
}

// ─────────────── producers ───────────────

export type NewEvent<T extends EventType> = {
  type: T;
  payload: EventPayloadInput<T>;
  /** The type's default severity when left out. */
  severity?: EventSeverity;
} & EventScope;

/** A validated row for the events table (nulls where a scope id is absent, as the columns want). */
export interface EventRecord {
  type: EventType;
  severity: EventSeverity;
  payload: unknown;
  projectId: string | null;
  runId: string | null;
  taskId: string | null;
  agentId: string | null;
  sessionId: string | null;
}

/**
 * Check an event before it is written: the payload matches its schema and every id the
 * type's scope requires is present. A failure is a bug in the producer, so it throws
 * INTERNAL rather than letting a malformed event into a log that can never be corrected.
 */
export function createEventRecord<T extends EventType>(event: NewEvent<T>): EventRecord {
  const parsed = safeParseEventPayload(event.type, event.payload);
  if (!parsed.success) {
    throw new AppError('INTERNAL', `Event ${event.type} has an invalid payload`, {
      issues: formatIssues(parsed.error.issues, ['payload']),
      cause: parsed.error,
    });
  }
  const missing = eventCatalogue[event.type].scope.filter((key) => event[key] === undefined);
  if (missing.length > 0) {
    throw new AppError('INTERNAL', `Event ${event.type} needs ${missing.join(', ')}`, {
      issues: missing.map((key) => ({ path: key, message: 'is required for this event type' })),
    });
  }
  return {
    type: event.type,
    severity: event.severity ?? eventCatalogue[event.type].severity,
    payload: parsed.data,
    projectId: event.projectId ?? null,
    runId: event.runId ?? null,
    taskId: event.taskId ?? null,
    agentId: event.agentId ?? null,
    sessionId: event.sessionId ?? null,
  };
}

// ─────────────── stored rows → wire ───────────────

/** The columns of an events row that matter here (structurally a Prisma `Event`). */
export interface StoredEventRow {
  id: bigint | number | string;
  type: string;
  severity: string;
  projectId: string | null;
  runId: string | null;
  taskId: string | null;
  agentId: string | null;
  sessionId: string | null;
  payload: unknown;
  createdAt: Date | string;
}

function assemble<T extends EventType>(
  type: T,
  fields: { id: string; severity: EventSeverity; payload: EventPayload<T>; createdAt: string } & EventScope,
): QuarterdeckEvent<T> {
  const event: EventEnvelope<T> = { ...fields, type };
  // EventEnvelope<T> is QuarterdeckEvent<T> for every single T; TypeScript cannot see
  // through the mapped type while T is still generic.
  return event as QuarterdeckEvent<T>;
}

function scopeOf(row: Partial<Record<ScopeKey, string | null | undefined>>): EventScope {
  const scope: EventScope = {};
  for (const key of SCOPE_KEYS) {
    const value = row[key];
    if (value !== null && value !== undefined) scope[key] = value;
  }
  return scope;
}

/**
 * A stored row in the wire shape. Throws for a type that is not in the catalogue or a
 * payload that does not match: event types are never removed and payloads only gain
 * optional fields, so either means the row was written without createEventRecord.
 */
export function toQuarterdeckEvent(row: StoredEventRow): QuarterdeckEvent {
  if (!isEventType(row.type)) {
    throw new AppError('INTERNAL', `Event ${String(row.id)} has unknown type "${row.type}"`);
  }
  return assemble(row.type, {
    id: String(row.id),
    severity: EventSeverity.parse(row.severity),
    payload: parseEventPayload(row.type, row.payload),
    createdAt: row.createdAt instanceof Date ? row.createdAt.toISOString() : row.createdAt,
    ...scopeOf(row),
  });
}

// ─────────────── clients ───────────────

/** The largest value of the log's int8 id column. */
export const MAX_EVENT_ID = 9_223_372_036_854_775_807n;

/** A log id: a non-negative int8 written in decimal. */
export const eventId = z
  .string({ error: 'must be an event id (a whole number written as a string)' })
  .regex(/^\d{1,19}$/, 'must be an event id (a whole number written as a string)')
  .refine((id) => !/^\d+$/.test(id) || BigInt(id) <= MAX_EVENT_ID, `must be at most ${MAX_EVENT_ID}`);

export const eventEnvelope = z.object({
  id: eventId,
  type: EventType,
  severity: EventSeverity,
  projectId: entityId.optional(),
  runId: entityId.optional(),
  taskId: entityId.optional(),
  agentId: entityId.optional(),
  sessionId: entityId.optional(),
  payload: z.unknown(),
  createdAt: isoTimestamp,
});

/** Validate a received event, envelope and payload; throws a ZodError naming the bad paths. */
export function parseQuarterdeckEvent(input: unknown): QuarterdeckEvent {
  const envelope = eventEnvelope.parse(input);
  const { type, payload, ...rest } = envelope;
  const parsedPayload = safeParseEventPayload(type, payload);
  if (!parsedPayload.success) {
    throw new z.ZodError(parsedPayload.error.issues.map((issue) => ({ ...issue, path: ['payload', ...issue.path] })));
  }
  return assemble(type, { ...rest, payload: parsedPayload.data });
}

/** Compare two event ids numerically (they are decimal strings of a bigint, so '10' > '9'). */
export function compareEventIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}
