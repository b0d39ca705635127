import type { Db, Prisma } from '@quarterdeck/db';
import { eventRowSelect } from './event-rows';

/**
 * The back-fill's one read of the log (the relay's live read is EventRelay#fetchNew): the
 * events matching `where` after `afterId`, oldest first, at most `limit`. Every live
 * transport resumes through here, so how the log is read is decided in one place.
 */
export function readEventsAfter(db: Db, where: Prisma.EventWhereInput, afterId: bigint, limit: number) {
  return db.event.findMany({ where: { ...where, id: { gt: afterId } }, orderBy: { id: 'asc' }, take: limit, select: eventRowSelect });
}
