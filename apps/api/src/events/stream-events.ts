import type { SubscribeEventsInput } from '@quarterdeck/contracts';
import { deliveredEventHead, type Db } from '@quarterdeck/db';
import type { Logger } from 'pino';
import { compileEventFilter } from './event-filter';
import { eventRowSelect, toLiveEvent, type LiveEvent } from './event-rows';
import type { EventRelay } from './event-relay';

const BACKFILL_PAGE = 500;
/**
 * Live events a subscriber may have queued before it is switched to reading from the
 * database instead. Nothing is dropped: past this, the queue is discarded and the events
 * are read back from the log after the last one sent.
 */
const DEFAULT_MAX_QUEUED = 5_000;

export interface StreamEventsDeps {
  db: Db;
  relay: EventRelay;
  logger: Logger;
}

export interface StreamEventsOptions {
  maxQueued?: number;
}

/**
 * Every event matching the subscription, in id order, exactly once: first those after
 * `lastEventId` read from the log, then live ones. The live listener is attached BEFORE the
 * log is read, so an event committed in between is in one or the other (duplicates are
 * dropped by id); nothing can fall in the gap.
 */
export async function* streamEvents(
  deps: StreamEventsDeps,
  input: SubscribeEventsInput,
  signal: AbortSignal | undefined,
  { maxQueued = DEFAULT_MAX_QUEUED }: StreamEventsOptions = {},
): AsyncGenerator<LiveEvent> {
  const filter = compileEventFilter(input);
  let queue: LiveEvent[] = [];
  let mustReadLog = input.lastEventId !== undefined && input.lastEventId !== null;
  let wake: (() => void) | null = null;
  const unsubscribe = deps.relay.subscribe((event) => {
    if (!filter.matches(event)) return;
    if (queue.length >= maxQueued) {
      queue = [];
      mustReadLog = true;
    } else {
      queue.push(event);
    }
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  let lastSent = mustReadLog ? BigInt(input.lastEventId ?? '0') : deps.relay.lastDeliveredId;

  try {
    while (!signal?.aborted) {
      if (mustReadLog) {
        mustReadLog = false;
        queue = [];
        for (;;) {
          const head = await deliveredEventHead(deps.db);
          const rows = await deps.db.event.findMany({
            where: { ...filter.where, id: { gt: lastSent, lte: head } },
            orderBy: { id: 'asc' },
            take: BACKFILL_PAGE,
            select: eventRowSelect,
          });
          for (const row of rows) {
            lastSent = row.id;
            const event = readable(row, deps.logger);
            if (event) yield event;
            if (signal?.aborted) return;
          }
          if (rows.length < BACKFILL_PAGE) break;
        }
        continue;
      }
      const next = queue.shift();
      if (next === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      if (next.sequence <= lastSent) continue;
      lastSent = next.sequence;
      yield next;
    }
  } finally {
    unsubscribe();
    signal?.removeEventListener('abort', onAbort);
  }
}

function readable(row: Parameters<typeof toLiveEvent>[0], logger: Logger): LiveEvent | null {
  try {
    return toLiveEvent(row);
  } catch (error) {
    logger.error(
      { eventId: String(row.id), err: error instanceof Error ? error.message : String(error) },
      'event does not match the catalogue; skipped',
    );
    return null;
  }
}
