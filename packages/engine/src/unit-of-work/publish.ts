import { createEventRecord, type EventType, type NewEvent } from '@quarterdeck/contracts';
import { appendEvents, type Db } from '@quarterdeck/db';

/**
 * Events that describe no state change of their own (token streams, request starts, worker
 * and system heartbeats): checked against the catalogue and appended in one statement,
 * outside any transaction. Everything that changes state goes through inTransaction instead.
 */
export async function publishEvents(db: Db, events: ReadonlyArray<NewEvent<EventType>>): Promise<void> {
  if (events.length === 0) return;
  await appendEvents(
    db,
    events.map((event) => createEventRecord(event)),
  );
}

export async function publishEvent<T extends EventType>(db: Db, event: NewEvent<T>): Promise<void> {
  await appendEvents(db, [createEventRecord(event)]);
}
