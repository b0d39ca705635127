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
 * Runs `work` in one transaction and appends the events it emitted as its last statement.
 * Appending last matters: the event log serialises writers with an advisory lock held to
 * commit, so a transaction that took it early and then waited on a row lock could deadlock
 * with one holding that row and waiting for the log.
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
