// The event writer of bench/event-fanout.ts, in a process of its own as Quarterdeck's workers
// are: each phase appends project.updated events (one commit each) on schedule and reports
// when each was written, so the API process under test only relays them.
//   (started by the bench) tsx bench/_fanout-writer.ts <databaseUrl> <projectId>
import { randomUUID } from 'node:crypto';
import { createDb } from '@quarterdeck/db';
import { publishEvents } from '@quarterdeck/engine';
import { sendOnSchedule } from './_fanout-schedule';

export type ToWriter = { type: 'phase'; rate: number; seconds: number } | { type: 'close' };
export type FromWriter = { type: 'ready' } | { type: 'sent'; entries: Array<[string, number]> } | { type: 'closed' };

const [databaseUrl, projectId] = process.argv.slice(2);
if (!databaseUrl || !projectId || !process.send) throw new Error('Started by bench/event-fanout.ts with a database URL and a project id.');
const db = createDb(databaseUrl, { applicationName: 'quarterdeck-bench-writer' });

function reply(message: FromWriter): void {
  process.send?.(message);
}

process.on('message', (message: ToWriter) => {
  if (message.type === 'close') {
    void db.$disconnect().then(() => {
      reply({ type: 'closed' });
      process.disconnect();
    });
    return;
  }
  void sendOnSchedule(message.rate, message.seconds, (label) =>
    publishEvents(db, [{ type: 'project.updated', projectId, payload: { changedFields: [label] } }]),
  ).then((sentAt) => reply({ type: 'sent', entries: [...sentAt] }));
});

// Warm up (connection, query compilation) on an event no subscriber matches, then say so:
// messages sent before this listener existed would be lost, so the bench waits for it.
await publishEvents(db, [{ type: 'project.updated', projectId: randomUUID(), payload: { changedFields: ['warm-up'] } }]);
reply({ type: 'ready' });
