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
 * subscriber of this process (and its JSON is computed once for all of them).
 */
export type LiveEvent = Readonly<QuarterdeckEvent> & { readonly sequence: bigint };

export function toLiveEvent(row: Parameters<typeof toQuarterdeckEvent>[0]): LiveEvent {
  const event = toQuarterdeckEvent(row);
  // `sequence` is the bigint id kept for ordering; it is not enumerable, so it never reaches JSON.
  Object.defineProperty(event, 'sequence', { value: BigInt(row.id), enumerable: false });
  return Object.freeze(event) as LiveEvent;
}
