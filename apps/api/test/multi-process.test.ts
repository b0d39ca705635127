import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killApiProcesses, startApiProcess as startApi } from './api-process';
import { collect, labelOf, type Collected } from './events-helpers';
import { eventually, httpClient, issueToken, wsConnection } from './harness';

// Two real API processes (apps/api/src/main.ts) sharing one database, and a third process
// writing events. A subscriber moves between them, and survives one being restarted.

const here = path.dirname(fileURLToPath(import.meta.url));
const writerScript = path.resolve(here, 'fixtures/write-events.ts');
const children = new Set<ChildProcess>();

let database: TestDatabase;
let token: string;
let projectId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  token = (await issueToken(database, 'operator')).token;
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  killApiProcesses();
  await database.drop();
});

const startApiProcess = () => startApi(database);

function runWriter(label: string, count: number, intervalMs: number): Promise<void> {
  // spawn, not fork: an IPC channel would keep the writer alive after its last event.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', writerScript, database.url, projectId, label, String(count), String(intervalMs)],
    { stdio: 'inherit' },
  );
  children.add(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`writer exited with ${code}`));
    });
  });
}

const expectedLabels = (label: string, count: number) => Array.from({ length: count }, (_, index) => `${label}-${index}-0`);

describe('resume across API processes', () => {
  it('a subscriber that leaves process A resumes on process B with exactly the events it missed; the same after B restarts', async () => {
    const [apiA, apiB] = await Promise.all([startApiProcess(), startApiProcess()]);
    projectId = (await httpClient(apiA.baseUrl, token).projects.create.mutate({ productIdea: 'Two processes', startRun: false })).project
      .id;
    const filter = { channels: ['projects' as const], projectId };
    const received: Collected['events'] = [];

    // On A while the third process writes 60 events, one every 15 ms.
    const onA = wsConnection(apiA.wsUrl, token);
    const subscriptionA = await collect(onA, filter);
    const writing = runWriter('w', 60, 15);
    await eventually(() => subscriptionA.events.length >= 15, 'some events on A', 20_000);
    await onA.ws.close();
    received.push(...subscriptionA.events);

    // Back on B with the last id A delivered, while the writer is still going.
    const onB = wsConnection(apiB.wsUrl, token);
    const subscriptionB = await collect(onB, { ...filter, lastEventId: received.at(-1)?.id });
    await eventually(() => subscriptionB.events.length >= 10, 'some events on B', 20_000);
    await onB.ws.close();
    received.push(...subscriptionB.events);

    // B restarts (a new process on a new port) while events keep coming.
    await apiB.stop();
    const apiB2 = await startApiProcess();
    const onB2 = wsConnection(apiB2.wsUrl, token);
    const subscriptionB2 = await collect(onB2, { ...filter, lastEventId: received.at(-1)?.id });
    await writing;
    const remaining = 60 - received.filter((event) => event.type === 'project.updated' && labelOf(event).startsWith('w-')).length;
    await eventually(() => subscriptionB2.events.length >= remaining, 'the rest after the restart', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await onB2.ws.close();
    received.push(...subscriptionB2.events);

    const labels = received.filter((event) => event.type === 'project.updated').map(labelOf);
    expect(labels).toEqual(expectedLabels('w', 60));
    const ids = received.map((event) => BigInt(event.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? 0n))).toBe(true);
    await Promise.all([apiA.stop(), apiB2.stop()]);
  }, 120_000);
});
