import { toQuarterdeckEvent, type QuarterdeckEvent } from '@quarterdeck/contracts';
import type { Prisma } from '@quarterdeck/db';

/** The columns an event needs on the wire (not the hash chain): the relay's and back-fill's hot path. */
export const eventRowSelect = {
  id: true,
  type: true,
  severity: true,
  projectId: true,
  runId: true,
  taskId: true,
  agentId: true,
  sessionId: true,
  payload: true,
  createdAt: true,
} satisfies Prisma.EventSelect;

export const EVENT_COLUMNS_SQL = `id, type, severity::text AS severity, project_id AS "projectId", run_id AS "runId",
  task_id AS "taskId", agent_id AS "agentId", session_id AS "sessionId", payload, created_at AS "createdAt"`;

/**
 * A delivered event: the wire shape, frozen because one object is shared by every
 * subscriber of this process (and its frames are serialised once for all of them).
 */
export type LiveEvent = Readonly<QuarterdeckEvent> & {
  /** The log id as a bigint, for ordering; not enumerable, so it never reaches JSON. */
  readonly sequence: bigint;
  /**
   * Set on a frame merged from consecutive llm.tokens events (token-coalescer.ts): those
   * events, oldest first. The frame's own id and sequence are the last one's.
   */
  readonly parts?: readonly LiveEvent[];
};

export function toLiveEvent(row: Parameters<typeof toQuarterdeckEvent>[0]): LiveEvent {
  return freezeLiveEvent(toQuarterdeckEvent(row), BigInt(row.id));
}

export function freezeLiveEvent(event: QuarterdeckEvent, sequence: bigint, parts?: readonly LiveEvent[]): LiveEvent {
  Object.defineProperty(event, 'sequence', { value: sequence, enumerable: false });
  if (parts !== undefined) Object.defineProperty(event, 'parts', { value: Object.freeze([...parts]), enumerable: false });
  return Object.freeze(event) as LiveEvent;
}

/** The lowest log id a frame carries (its first part's, for a merged frame). */
export function firstSequenceOf(event: LiveEvent): bigint {
  return event.parts?.[0]?.sequence ?? event.sequence;
}
