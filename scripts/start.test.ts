import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@quarterdeck/db/testing';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Started {
  output: () => string;
  exited: Promise<number | null>;
  pid: number;
  signal: (name: NodeJS.Signals) => void;
}

function startQuarterdeck(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    output: () => output,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    pid: child.pid ?? -1,
    signal: (name) => child.kill(name),
  };
}

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qd-start-'));
  chmodSync(dir, 0o755); // the embedded Postgres runs as the `postgres` user under root
  return dir;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Every process below `pid`, found through /proc's parent links. */
function descendantsOf(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=']).toString().trim().split('\n');
  const children = new Map<number, number[]>();
  for (const line of table) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (child === undefined || parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const visit = (id: number) => {
    for (const child of children.get(id) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('pnpm start', () => {
  it('brings up a healthy system on the configured port and leaves nothing running after Ctrl-C', async () => {
    const port = await freePort();
    const started = startQuarterdeck({
      QUARTERDECK_DATA_DIR: dataDir(),
      QUARTERDECK_PG_PORT: String(await freePort()),
      QUARTERDECK_PORT: String(port),
    });
    try {
      await waitFor(
        async () => (started.output().includes(`Quarterdeck is running: http://localhost:${port}`) ? true : undefined),
        120_000,
        'the URL to be printed',
      );
      const health = await waitFor(
        async () => {
          const response = await fetch(`http://127.0.0.1:${port}/healthz`);
          const body = (await response.json()) as {
            status: string;
            database: { status: string };
            queue: { status: string };
            workers: { alive: number };
          };
          return body.status === 'ok' ? body : undefined;
        },
        60_000,
        '/healthz to report ok',
      );
      expect(health.database.status).toBe('ok');
      expect(health.queue.status).toBe('ok');
      expect(health.workers.alive).toBe(1);

      const processes = descendantsOf(started.pid);
      expect(processes.length).toBeGreaterThanOrEqual(3); // api, worker, postgres (+ its own workers)
      started.signal('SIGINT');
      expect(await started.exited).toBe(0);
      await waitFor(async () => (processes.every((pid) => !isAlive(pid)) ? true : undefined), 15_000, 'every child process to exit');
    } finally {
      if (isAlive(started.pid)) started.signal('SIGKILL');
    }
  }, 240_000);
});

/** The descendant of `pid` whose command line runs `entry`. */
function childRunning(pid: number, entry: string): number | undefined {
  const descendants = new Set(descendantsOf(pid));
  const table = execFileSync('ps', ['-e', '-o', 'pid=,args=']).toString().trim().split('\n');
  for (const line of table) {
    const match = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (match && descendants.has(Number(match[1])) && match[2]?.includes(entry)) return Number(match[1]);
  }
  return undefined;
}

interface Health {
  status: string;
  workers: { alive: number };
}

async function healthOf(port: number): Promise<Health> {
  return (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Health;
}

describe('pnpm start supervises its children', () => {
  let started: Started;
  let port: number;
  let postgresPid: number;

  beforeAll(async () => {
    port = await freePort();
    const dir = dataDir();
    started = startQuarterdeck({
      QUARTERDECK_DATA_DIR: dir,
      QUARTERDECK_PG_PORT: String(await freePort()),
      QUARTERDECK_PORT: String(port),
    });
    await waitFor(async () => ((await healthOf(port)).status === 'ok' ? true : undefined), 180_000, '/healthz to report ok');
    postgresPid = Number(readFileSync(path.join(dir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(descendantsOf(started.pid)).toContain(postgresPid);
  }, 240_000);

  afterAll(() => {
    if (isAlive(started.pid)) started.signal('SIGKILL');
  });

  it('restarts a worker killed with SIGKILL, saying so on stderr, while the API and Postgres keep running', async () => {
    const api = childRunning(started.pid, 'apps/api/src/main.ts');
    const worker = childRunning(started.pid, 'apps/worker/src/main.ts');
    if (api === undefined || worker === undefined) throw new Error(`no API or worker child: ${started.output()}`);
    process.kill(worker, 'SIGKILL');
    const killedAt = Date.now();

    const restarted = await waitFor(
      async () => {
        const now = childRunning(started.pid, 'apps/worker/src/main.ts');
        return now !== undefined && now !== worker ? now : undefined;
      },
      30_000,
      'a new worker process',
    );
    expect(started.output()).toMatch(
      /\[quarterdeck\] The worker stopped \(killed by SIGKILL\) after [\d.]+ s; restarting it in [\d.]+ s \(restart 1\)\./,
    );
    await waitFor(
      async () => {
        // Past the dead-after time (6 s), a live worker can only be the new one.
        if (Date.now() - killedAt < 7_000) return undefined;
        const health = await healthOf(port);
        return health.status === 'ok' && health.workers.alive >= 1 ? true : undefined;
      },
      60_000,
      '/healthz to be green again with the new worker',
    );
    expect(isAlive(restarted)).toBe(true);
    // The API answered throughout and was never replaced; Postgres never stopped.
    expect(childRunning(started.pid, 'apps/api/src/main.ts')).toBe(api);
    expect(isAlive(postgresPid)).toBe(true);
  }, 120_000);

  it('restarts a crashed API process, which listens again on the same port', async () => {
    const api = childRunning(started.pid, 'apps/api/src/main.ts');
    if (api === undefined) throw new Error('no API child');
    process.kill(api, 'SIGKILL');
    await waitFor(async () => ((await healthOf(port)).status === 'ok' ? true : undefined), 60_000, 'the API to answer again');
    expect(childRunning(started.pid, 'apps/api/src/main.ts')).not.toBe(api);
    expect(started.output()).toMatch(/The API stopped \(killed by SIGKILL\).*restarting it/);
    expect(started.output()).toContain(`The API is listening again: http://localhost:${port}`);
    expect(isAlive(postgresPid)).toBe(true);
  }, 120_000);

  it("stops everything on SIGTERM (a process manager's stop): exit 0, no process left behind", async () => {
    const processes = descendantsOf(started.pid);
    expect(processes).toContain(postgresPid);
    started.signal('SIGTERM');
    expect(await started.exited).toBe(0);
    await waitFor(async () => (processes.every((pid) => !isAlive(pid)) ? true : undefined), 15_000, 'every descendant to exit');
    expect(started.output()).toContain('Stopping…');
  }, 60_000);
});

describe('bad configuration stops start-up with one sentence saying what to fix', () => {
  const expectOneSentenceFailure = async (env: Record<string, string>, pattern: RegExp) => {
    const started = startQuarterdeck(env);
    expect(await started.exited).toBe(1);
    const output = started.output().trim();
    expect(output).toMatch(pattern);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  };

  it('an unreachable DATABASE_URL', async () => {
    await expectOneSentenceFailure(
      {
        DATABASE_URL: `postgresql://quarterdeck:secret@127.0.0.1:${await freePort()}/quarterdeck`,
        QUARTERDECK_PORT: String(await freePort()),
      },
      /^quarterdeck: Cannot connect to the database at postgresql:\/\/quarterdeck:\*\*\*@127\.0\.0\.1:\d+\/quarterdeck .*check DATABASE_URL/,
    );
  }, 30_000);

  it('a port in use', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      await expectOneSentenceFailure(
        { QUARTERDECK_PORT: String(port), QUARTERDECK_DATA_DIR: dataDir() },
        new RegExp(`^quarterdeck: Port ${port} is already in use, so the Quarterdeck API \\(QUARTERDECK_PORT\\) cannot listen on it`),
      );
    } finally {
      blocker.close();
    }
  }, 30_000);

  it('an unwritable data folder', async () => {
    const aFile = path.join(dataDir(), 'not-a-folder');
    writeFileSync(aFile, '');
    await expectOneSentenceFailure(
      {
        QUARTERDECK_DATA_DIR: path.join(aFile, 'data'),
        QUARTERDECK_PORT: String(await freePort()),
        QUARTERDECK_PG_PORT: String(await freePort()),
      },
      /^quarterdeck: The data folder .* cannot be created or written: choose a writable folder with QUARTERDECK_DATA_DIR/,
    );
  }, 30_000);
});
