import { createEventRecord, type EventRecord, type EventType, type NewEvent } from '@quarterdeck/contracts';
import { appendEvents, type Db, type Prisma } from '@quarterdeck/db';

export type Tx = Prisma.TransactionClient;

/** One unit of work: the transaction and the events its state changes produce. */
export interface Work {
  tx: Tx;
  /** Records an event; it is checked against the catalogue now and written at the end of the transaction. */
  emit: <T extends EventType>(event: NewEvent<T>) => void;
}

/**
 * THE way state changes: runs `work` in one transaction and appends the events it emitted as
 * the transaction's last statement. Appending last matters: the events describe what the
 * transaction did (so they are only written when it did it), and whatever the event log does
 * to order writers happens after every row lock the work took, never before one.
 */
export async function inTransaction<T>(db: Db, work: (w: Work) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      const events: EventRecord[] = [];
      const result = await work({ tx, emit: (event) => events.push(createEventRecord(event)) });
      await appendEvents(tx, events);
      return result;
    },
    // Bursts of completions queue for pool connections; waiting a little beats failing a job.
    { maxWait: 15_000, timeout: 60_000 },
  );
}
