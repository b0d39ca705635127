import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type TestDatabase } from '@quarterdeck/db/testing';

// A real API process (apps/api/src/main.ts) on a free port over a test database, for tests
// that need several processes sharing one database.

const here = path.dirname(fileURLToPath(import.meta.url));
const mainScript = path.resolve(here, '../src/main.ts');

export interface ApiProcess {
  child: ChildProcess;
  baseUrl: string;
  wsUrl: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills every API process still running (for afterAll). */
export function killApiProcesses(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export async function startApiProcess(database: TestDatabase, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const child = fork(mainScript, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      QUARTERDECK_PORT: String(port),
      QUARTERDECK_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      QUARTERDECK_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  running.add(child);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`API process exited with ${code} before listening`)));
    child.on('message', (message) => {
      if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'listening') resolve();
    });
  });
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/trpc`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        running.delete(child);
      }),
  };
}
