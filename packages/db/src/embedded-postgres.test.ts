import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from './testing';

const isRoot = process.getuid?.() === 0;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ORDINARY_USER = 'quarterdeck-ci';

// The whole suite already runs the embedded server as whoever runs the tests (root in CI,
// where it must hand the cluster to the `postgres` user). This covers the other case.
describe.runIf(isRoot)('the embedded Postgres as an ordinary user', () => {
  it("initialises, starts, answers and stops with its data in that user's folder", async () => {
    try {
      execFileSync('id', [ORDINARY_USER], { stdio: 'ignore' });
    } catch {
      execFileSync('useradd', ['--system', '--no-create-home', ORDINARY_USER]);
    }
    const uid = Number(execFileSync('id', ['-u', ORDINARY_USER]).toString());
    const gid = Number(execFileSync('id', ['-g', ORDINARY_USER]).toString());
    const home = mkdtempSync(path.join(os.tmpdir(), 'qd-user-'));
    chmodSync(home, 0o755);
    chownSync(home, uid, gid);

    const script = `
      import { startEmbeddedPostgres } from ${JSON.stringify(path.join(repoRoot, 'packages/db/src/embedded-postgres.ts'))};
      import pg from 'pg';
      const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(home, 'data'))}, port: ${await freePort()} });
      const client = new pg.Client(server.adminUrl);
      await client.connect();
      const { rows } = await client.query('SELECT current_user, version()');
      await client.end();
      await server.stop();
      console.log(JSON.stringify({ uid: process.getuid(), user: rows[0].current_user, version: rows[0].version }));
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.join(repoRoot, 'packages/db'),
      uid,
      gid,
      env: { PATH: process.env.PATH ?? '', HOME: home },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/Error/);
    const report = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { uid: number; user: string; version: string };
    expect(report.uid).toBe(uid);
    expect(report.user).toBe('postgres');
    expect(report.version).toMatch(/^PostgreSQL 18/);
  }, 90_000);
});

describe('importing the embedded Postgres', () => {
  it("leaves a process's own exit code alone (a failing test run must not exit 0)", () => {
    const script = `
      await import(${JSON.stringify(path.join(repoRoot, 'packages/db/src/embedded-postgres.ts'))});
      process.exitCode = 3;
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.join(repoRoot, 'packages/db'),
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(3);
  });
});
