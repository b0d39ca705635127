import { deliveredEventHead, type Db, type Prisma } from '@quarterdeck/db';
import { eventRowSelect } from './event-rows';

/**
 * The back-fill's one read of the log (the relay's live read is EventRelay#fetchNew): the
 * events matching `where` after `afterId`, oldest first, at most `limit`, and never past the
 * log's delivered head (so a smaller id that commits later is never skipped). Every live
 * transport resumes through here, so how the log is read is decided in one place.
 */
export async function readEventsAfter(db: Db, where: Prisma.EventWhereInput, afterId: bigint, limit: number) {
  const head = await deliveredEventHead(db);
  return db.event.findMany({
    where: { ...where, id: { gt: afterId, lte: head } },
    orderBy: { id: 'asc' },
    take: limit,
    select: eventRowSelect,
  });
}
