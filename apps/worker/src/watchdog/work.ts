import { createEventRecord, type EventRecord, type EventType, type NewEvent } from '@quarterdeck/contracts';
import { appendEvents, type Db, type Prisma } from '@quarterdeck/db';

export type Tx = Prisma.TransactionClient;

/** A transaction and the catalogue-checked events its changes produce. */
export interface Work {
  tx: Tx;
  emit<T extends EventType>(event: NewEvent<T>): void;
}

/**
 * Runs `work` in one transaction and appends its events as the last statement: the event log
 * serialises writers with a lock held to commit, so taking it last cannot deadlock with a
 * transaction that holds a row this one waits for (the engine does the same).
 */
export async function inTransaction<T>(db: Db, work: (w: Work) => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      const events: EventRecord[] = [];
      const result = await work({ tx, emit: (event) => events.push(createEventRecord(event)) });
      await appendEvents(tx, events);
      return result;
    },
    { maxWait: 15_000, timeout: 60_000 },
  );
}
