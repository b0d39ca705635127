// `pnpm start`: the whole system from one command. Starts Postgres (embedded unless
// DATABASE_URL is set), applies migrations as the owner of the tables, runs the API (which
// serves the dashboard) and a worker as child processes connected as the application role
// (which cannot alter the event log), prints the URL, restarts a child that crashes, and on Ctrl-C,
// SIGINT or SIGTERM (a process manager's stop) stops all of it, children first, then
// Postgres, leaving nothing running. `pnpm dev` does the same with file watching and Vite's
// dev server.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertPortFree,
  loadAuditKey,
  openDatabase,
  prepareDatabase,
  readDatabaseEnv,
  runCli,
  UNPROTECTED_LOG_WARNING,
} from '@quarterdeck/db';
import { readApiEnv } from '../apps/api/src/env';
import { SupervisedChild } from './supervisor';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const devMode = process.argv.includes('--dev');

runCli(async () => {
  const apiEnv = readApiEnv();
  await assertPortFree(apiEnv.port, 'the Quarterdeck API (QUARTERDECK_PORT)');

  const databaseEnv = readDatabaseEnv();
  const database = await openDatabase(databaseEnv);
  say(database.embedded ? `Embedded Postgres is running (data in ${databaseEnv.dataDir}).` : 'Using the Postgres at DATABASE_URL.');
  if (!database.appRole) say(`Warning: ${UNPROTECTED_LOG_WARNING}`);
  const applied = await prepareDatabase(database);
  if (applied.length > 0) say(`Applied migrations: ${applied.join(', ')}`);
  // Created here on first start (unless QUARTERDECK_AUDIT_KEY is set) so the worker that signs
  // checkpoints and `pnpm audit:events` that checks them use the same key.
  loadAuditKey(databaseEnv, { create: true });

  // Vite's dev server proxies the dashboard's WebSocket with the page's Origin, which the API
  // refuses unless it is allowed (QUARTERDECK_ALLOWED_ORIGINS).
  const viteOrigins = devMode ? ['http://localhost:5173', 'http://127.0.0.1:5173'] : [];
  const allowedOrigins = [...apiEnv.live.allowedOrigins, ...viteOrigins].join(',');
  // The API and worker get the application role only; the owner's URL stays in this process.
  const { QUARTERDECK_OWNER_DATABASE_URL: _owner, ...inherited } = process.env;
  const childEnv = { ...inherited, DATABASE_URL: database.appUrl, QUARTERDECK_ALLOWED_ORIGINS: allowedOrigins };
  const supervised: SupervisedChild[] = [];
  const others: ChildProcess[] = [];
  let stopping = false;

  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say('Stopping…');
    await Promise.all([...supervised.map((child) => child.stop()), ...others.map((child) => stopChild(child))]);
    await database.stop();
    process.exit(exitCode);
  };

  let announced = false;
  const launch = (name: string, entry: string, onSpawn?: (child: ChildProcess) => void) => {
    const args = devMode ? ['--import', 'tsx', '--watch', entry] : ['--import', 'tsx', entry];
    const child = new SupervisedChild({
      name,
      command: process.execPath,
      args,
      spawnOptions: { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      report: (line) => process.stderr.write(`[quarterdeck] ${line}\n`),
      onStartupFailure: (code) => {
        say(`The ${name} could not start (exit code ${code}); shutting everything down.`);
        void stopAll(1);
      },
      ...(onSpawn ? { onSpawn } : {}),
    });
    supervised.push(child);
    child.start();
  };

  launch('API', 'apps/api/src/main.ts', (api) =>
    api.on('message', (message: unknown) => {
      if (typeof message !== 'object' || message === null || (message as { type?: string }).type !== 'listening') return;
      if (announced) {
        say(`The API is listening again: ${apiEnv.publicUrl}`);
        return;
      }
      announced = true;
      say(`Quarterdeck is running: ${apiEnv.publicUrl}${devMode ? ' (dashboard with hot reload: http://localhost:5173)' : ''}`);
      say('Press Ctrl-C to stop.');
    }),
  );
  launch('worker', 'apps/worker/src/main.ts');
  if (devMode) {
    others.push(spawn('pnpm', ['--filter', '@quarterdeck/web', 'dev'], { cwd: repoRoot, env: childEnv, stdio: 'inherit' }));
  }

  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));
  await new Promise(() => {});
});

function say(line: string) {
  console.log(`[quarterdeck] ${line}`);
}

/** SIGTERM, then SIGKILL if the child has not exited within 10 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
