// A reader in its own process, for tests that need readers the writer's process cannot
// influence: follows the event log the way an API's relay does (LISTEN quarterdeck_events,
// then readEventsAfter from its last id) and sends every id it reads to its parent.
// Usage (forked with IPC): read-events-process.ts <databaseUrl>. The parent sends 'stop';
// the reader reads once more, sends { done: true } and exits.
import pg from 'pg';
import { EVENTS_CHANNEL, readEventsAfter } from '../event-log';

const [databaseUrl] = process.argv.slice(2);
if (!databaseUrl || !process.send) throw new Error('usage: fork read-events-process.ts <databaseUrl> (with an IPC channel)');
const send = (message: unknown) => new Promise<void>((resolve) => process.send?.(message, () => resolve()));

const client = new pg.Client({ connectionString: databaseUrl, application_name: 'quarterdeck-test-reader' });
await client.connect();
await client.query(`LISTEN ${EVENTS_CHANNEL}`);

let last = 0n;
let wake: (() => void) | null = null;
let stopping = false;
client.on('notification', () => wake?.());
process.on('message', (message) => {
  if (message === 'stop') stopping = true;
  wake?.();
});

const readAll = async () => {
  for (;;) {
    const rows = await readEventsAfter(client, last, 200);
    if (rows.length === 0) return;
    last = rows.at(-1)?.id ?? last;
    await send({ ids: rows.map((row) => row.id.toString()) });
  }
};

await send({ ready: true });
while (!stopping) {
  await readAll();
  // A notification or the parent wakes us; the timer is only a safety net.
  await new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, 200);
  });
  wake = null;
}
await readAll();
await send({ done: true });
await client.end();
process.exit(0);
