import { createEventRecord, type EventType, type NewEvent } from '@quarterdeck/contracts';
import { appendEvents, type SqlRunner } from '@quarterdeck/db';

/**
 * Validates events against the catalogue and appends them in the caller's transaction, so
 * each event commits (and reaches subscribers) together with the change it describes.
 */
export async function recordEvents(runner: SqlRunner, events: readonly NewEvent<EventType>[]): Promise<void> {
  await appendEvents(
    runner,
    events.map((event) => createEventRecord(event)),
  );
}

export async function recordEvent<T extends EventType>(runner: SqlRunner, event: NewEvent<T>): Promise<void> {
  await appendEvents(runner, [createEventRecord(event)]);
}
