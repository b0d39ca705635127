import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, freePort, type TestDatabase } from '@quarterdeck/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from './harness';

// Two real API processes (apps/api/src/main.ts) over one database: a token's per-minute
// budget is one budget wherever its requests land, and 50 MB bodies are refused without the
// receiving process's memory growing.

const mainScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts');
const children = new Set<ChildProcess>();
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await database.drop();
});

async function startApi(): Promise<{ baseUrl: string; pid: number }> {
  const port = await freePort();
  const child = fork(mainScript, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: database.url, QUARTERDECK_PORT: String(port), QUARTERDECK_HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.add(child);
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`API process exited with ${code} before listening`)));
    child.on('message', (message) => {
      if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'listening') resolve();
    });
  });
  return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid ?? -1 };
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 'NaN') * 1_024;
}

/** POSTs `bytes` of body, generated as it is sent (declared up front, or chunked), and returns the status. */
function upload(baseUrl: string, pathname: string, bytes: number, options: { declared: boolean; token?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(pathname, baseUrl),
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.declared ? { 'content-length': bytes } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(error.code ?? '') ? undefined : reject(error)));
    const piece = Buffer.alloc(256 * 1_024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < bytes && !req.destroyed) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('two API processes', () => {
  it('share one rate limit per token, through Postgres', async () => {
    const [first, second] = await Promise.all([startApi(), startApi()]);
    if (!first || !second) throw new Error('two API processes expected');
    const { token } = await issueToken(database, 'viewer', { rateLimitPerMinute: 6 });
    const statuses: number[] = [];
    for (let call = 0; call < 8; call++) {
      const target = call % 2 === 0 ? first : second;
      const response = await fetch(`${target.baseUrl}/api/v1/projects`, { headers: { authorization: `Bearer ${token}` } });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Six between them, not six each.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  }, 60_000);

  it('refuse 50 MB bodies with 413 without the process’s memory growing', async () => {
    const api = await startApi();
    const { token } = await issueToken(database, 'operator');
    const FIFTY_MB = 50 * 1_024 * 1_024;
    // Warm up the paths measured, so first-use allocations are not counted as growth.
    await upload(api.baseUrl, '/trpc/projects.create', FIFTY_MB, { declared: false });
    await upload(api.baseUrl, '/api/v1/projects', FIFTY_MB, { declared: true, token });
    const before = rssBytes(api.pid);

    const [declared, chunked] = await Promise.all([
      // Declared: refused from the Content-Length, with or without a token.
      Promise.all([
        ...Array.from({ length: 20 }, () => upload(api.baseUrl, '/trpc/projects.create', FIFTY_MB, { declared: true, token })),
        ...Array.from({ length: 20 }, () => upload(api.baseUrl, '/api/v1/projects', FIFTY_MB, { declared: true })),
      ]),
      // Chunked and without a token: refused as unauthenticated before the body is read, or
      // read up to 64 KiB and refused as too large.
      Promise.all(Array.from({ length: 20 }, () => upload(api.baseUrl, '/trpc/projects.create', FIFTY_MB, { declared: false }))),
    ]);
    const grownBytes = rssBytes(api.pid) - before;
    console.log(`60 bodies of 50 MB refused; the API's RSS changed by ${(grownBytes / 1_048_576).toFixed(1)} MB`);
    expect(new Set(declared)).toEqual(new Set([413]));
    expect(chunked.every((status) => status === 413 || status === 401)).toBe(true);
    expect(grownBytes).toBeLessThan(40 * 1_024 * 1_024);
  }, 120_000);
});
