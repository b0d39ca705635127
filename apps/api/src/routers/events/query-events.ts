import { eventTypesOfChannel, toQuarterdeckEvent, type QuarterdeckEvent, type QueryEventsInput } from '@quarterdeck/contracts';
import { deliveredEventHead, type Db, type Prisma } from '@quarterdeck/db';
import { eventRowSelect } from '../../events/event-rows';

/**
 * The audit view of the log. With `since`, the events after it, oldest first (page on with
 * `nextSince`); without, the newest `limit` events, still returned oldest first.
 */
export async function queryEvents(db: Db, input: QueryEventsInput) {
  const head = await deliveredEventHead(db);
  const where: Prisma.EventWhereInput = {
    ...(input.type === undefined ? {} : { type: input.type }),
    ...(input.channel === undefined || input.type !== undefined ? {} : { type: { in: eventTypesOfChannel(input.channel) } }),
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
    ...(input.runId === undefined ? {} : { runId: input.runId }),
    ...(input.taskId === undefined ? {} : { taskId: input.taskId }),
    ...(input.agentId === undefined ? {} : { agentId: input.agentId }),
    ...(input.sessionId === undefined ? {} : { sessionId: input.sessionId }),
    ...(input.severity === undefined ? {} : { severity: input.severity }),
    id: input.since?.kind === 'afterId' ? { gt: input.since.id, lte: head } : { lte: head },
    ...(input.since?.kind === 'afterTime' ? { createdAt: { gt: input.since.at } } : {}),
  };
  const ascending = input.since !== undefined;
  const rows = await db.event.findMany({ where, orderBy: { id: ascending ? 'asc' : 'desc' }, take: input.limit, select: eventRowSelect });
  if (!ascending) rows.reverse();
  // The log is append-only and outlives catalogue changes: a row this version cannot read
  // (unknown type, a payload written before a schema change) is counted, not fatal.
  const events: QuarterdeckEvent[] = [];
  let unreadable = 0;
  for (const row of rows) {
    try {
      events.push(toQuarterdeckEvent(row));
    } catch {
      unreadable += 1;
    }
  }
  const last = rows.at(-1);
  return { events, unreadable, nextSince: last ? String(last.id) : null, hasMore: ascending && rows.length === input.limit };
}
