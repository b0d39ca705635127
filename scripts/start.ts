// `pnpm start`: the whole system from one command. Starts Postgres (embedded unless
// DATABASE_URL is set), applies migrations, runs the API (which serves the dashboard) and a
// worker as child processes, prints the URL, restarts a child that crashes, and on Ctrl-C,
// SIGINT or SIGTERM (a process manager's stop) stops all of it, children first, then
// Postgres, leaving nothing running. `pnpm dev` does the same with file watching and Vite's
// dev server.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, assertPortFree, installQueueSchema, openDatabase, readDatabaseEnv, runCli } from '@quarterdeck/db';
import { readApiEnv } from '../apps/api/src/env';
import { SupervisedChild } from './supervisor';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const devMode = process.argv.includes('--dev');

runCli(async () => {
  const apiEnv = readApiEnv();
  await assertPortFree(apiEnv.port, 'the Quarterdeck API (QUARTERDECK_PORT)');

  const database = await openDatabase(readDatabaseEnv());
  say(database.embedded ? `Embedded Postgres is running (data in ${readDatabaseEnv().dataDir}).` : 'Using the Postgres at DATABASE_URL.');
  const applied = await applyMigrations(database.url);
  if (applied.length > 0) say(`Applied migrations: ${applied.join(', ')}`);
  await installQueueSchema(database.url);

  const childEnv = { ...process.env, DATABASE_URL: database.url };
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
