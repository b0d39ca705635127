import { chmodSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { apiErrorBody } from '@quarterdeck/contracts';
import { createDb, startEmbeddedPostgres, type RunningPostgres } from '@quarterdeck/db';
import { createMigratedDatabase, freePort } from '@quarterdeck/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../src/http/server';
import { failureOf, httpClient, issueToken, startTestApi, tableCounts, testCatalog, type TestApi } from './harness';

// Every status the HTTP API promises is real, and every REST error has the one documented
// body: 404 for unknown paths and records, 405 for a wrong method, 413 for a body over the
// limit (refused before it is read), 415 for a body that is not JSON, 429 with Retry-After,
// and 503 naming the database when Postgres is unreachable.

let env: TestApi;
beforeAll(async () => {
  env = await startTestApi(undefined, { limits: { maxBodyBytes: 256 * 1_024, loginPerMinute: 3, anonymousPerMinute: 5 } });
});
afterAll(async () => {
  await env.close();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A raw HTTP request (fetch cannot send a body it does not hold in memory, or a wrong method to every path). */
function request(
  method: string,
  pathname: string,
  options: {
    token?: string;
    contentType?: string;
    body?: string | Buffer;
    chunkedBytes?: number;
    baseUrl?: string;
    /** Another loopback address to call from, so per-address limits start afresh. */
    from?: string;
  } = {},
): Promise<Answer> {
  const url = new URL(pathname, options.baseUrl ?? env.baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        ...(options.from ? { localAddress: options.from } : {}),
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.contentType ? { 'content-type': options.contentType } : {}),
          ...(typeof options.body === 'string' || Buffer.isBuffer(options.body)
            ? { 'content-length': Buffer.byteLength(options.body) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(error.code ?? '') ? undefined : reject(error)));
    if (options.chunkedBytes !== undefined) {
      const piece = Buffer.alloc(64 * 1_024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < (options.chunkedBytes ?? 0)) {
          sent += piece.length;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    } else {
      req.end(options.body);
    }
  });
}

/** The body is exactly the one documented error shape. */
function errorOf(answer: Answer) {
  const parsed = apiErrorBody.strict().parse(JSON.parse(answer.text));
  expect(answer.headers['content-type']).toContain('application/json');
  return parsed;
}

describe('the OpenAPI document', () => {
  it('has one Error schema, referenced by every 4xx and 5xx response of every operation', async () => {
    const document = (await (await fetch(`${env.baseUrl}/api/openapi.json`)).json()) as {
      components: { schemas: Record<string, { required?: string[] }> };
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
    };
    expect(Object.keys(document.components.schemas).filter((name) => name.startsWith('error.'))).toEqual([]);
    expect(document.components.schemas.Error?.required?.sort()).toEqual(['code', 'message']);
    let errorResponses = 0;
    for (const [pathname, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const statuses = Object.keys(operation.responses);
        const promised = pathname === '/healthz' ? ['200', '405', '503'] : ['400', '404', '405', '429', '500', '503'];
        expect(statuses, `${method} ${pathname}`).toEqual(expect.arrayContaining(promised));
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!/^[45]/.test(status) || (pathname === '/healthz' && status === '503')) continue;
          expect(response.content?.['application/json']?.schema, `${method} ${pathname} ${status}`).toEqual({
            $ref: '#/components/schemas/Error',
          });
          errorResponses += 1;
        }
      }
    }
    expect(errorResponses).toBeGreaterThan(50);
    const post = document.paths['/api/v1/projects']?.post?.responses ?? {};
    expect(Object.keys(post)).toEqual(expect.arrayContaining(['401', '403', '413', '415']));
  });
});

describe('REST statuses', () => {
  it('404 for an unknown REST path, an unknown /api path and a missing record, in the one error body', async () => {
    const unknown = await request('GET', '/api/v1/no-such-thing', { token: env.tokens.viewer });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND', message: 'Nothing is at /api/v1/no-such-thing.' });
    expect((await request('GET', '/api/elsewhere')).status).toBe(404);
    const missing = await request('GET', '/api/v1/projects/00000000-0000-4000-8000-000000000000', { token: env.tokens.viewer });
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toMatchObject({ code: 'NOT_FOUND', field: 'projectId' });
  });

  it('405 with Allow for a wrong method on a known path, /healthz included', async () => {
    const health = await request('POST', '/healthz');
    expect(health.status).toBe(405);
    expect(health.headers.allow).toBe('GET, HEAD');
    expect(errorOf(health).code).toBe('METHOD_NOT_SUPPORTED');
    const head = await request('HEAD', '/healthz');
    expect(head.status).toBe((await request('GET', '/healthz')).status);
    expect(head.text).toBe('');
    for (const method of ['PUT', 'DELETE', 'PATCH']) expect((await request(method, '/healthz')).status).toBe(405);
    const projects = await request('DELETE', '/api/v1/projects', { token: env.tokens.admin });
    expect(projects.status).toBe(405);
    expect(projects.headers.allow?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
    expect((await request('POST', '/api/openapi.json')).status).toBe(405);
    expect((await request('POST', '/some/dashboard/page')).status).toBe(405);
  });

  it('400 naming the field, 401 and 403 in the same body', async () => {
    const bad = await request('POST', '/api/v1/projects', {
      token: env.tokens.operator,
      contentType: 'application/json',
      body: JSON.stringify({ productIdea: 'x\u0000y' }),
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'BAD_REQUEST', field: 'productIdea' });
    expect(errorOf(await request('GET', '/api/v1/projects')).code).toBe('UNAUTHORIZED');
    const forbidden = await request('POST', '/api/v1/projects', {
      token: env.tokens.viewer,
      contentType: 'application/json',
      body: '{"productIdea":"x"}',
    });
    expect(forbidden.status).toBe(403);
    expect(errorOf(forbidden).code).toBe('FORBIDDEN');
  });

  it('415 for a body that is not JSON', async () => {
    const before = await tableCounts(env.database);
    const answer = await request('POST', '/api/v1/projects', {
      token: env.tokens.operator,
      contentType: 'text/plain',
      body: 'productIdea=x',
    });
    expect(answer.status).toBe(415);
    expect(errorOf(answer).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await tableCounts(env.database)).toEqual(before);
  });

  it('a malformed path is a 400, not a crash', async () => {
    const answer = await request('GET', '/%E0%A4%A');
    expect(answer.status).toBe(400);
    expect((await request('GET', '/healthz')).status).toBeLessThan(600);
  });
});

describe('body limits', () => {
  const big = JSON.stringify({ productIdea: 'x'.repeat(300 * 1_024) });

  it('413 for a declared body over QUARTERDECK_MAX_BODY_BYTES, on REST and on tRPC', async () => {
    const before = await tableCounts(env.database);
    const rest = await request('POST', '/api/v1/projects', { token: env.tokens.operator, contentType: 'application/json', body: big });
    expect(rest.status).toBe(413);
    expect(errorOf(rest).code).toBe('PAYLOAD_TOO_LARGE');
    const trpc = await request('POST', '/trpc/projects.create', { token: env.tokens.operator, contentType: 'application/json', body: big });
    expect(trpc.status).toBe(413);
    expect(await tableCounts(env.database)).toEqual(before);
  });

  it('413 for a chunked body that grows past the limit as it streams', async () => {
    const rest = await request('POST', '/api/v1/projects', {
      token: env.tokens.operator,
      contentType: 'application/json',
      chunkedBytes: 2 * 1_024 * 1_024,
    });
    expect(rest.status).toBe(413);
    const trpc = await request('POST', '/trpc/projects.create', {
      token: env.tokens.operator,
      contentType: 'application/json',
      chunkedBytes: 2 * 1_024 * 1_024,
    });
    expect(trpc.status).toBe(413);
  });

  it('a caller without a token may send only a small body', async () => {
    const answer = await request('POST', '/trpc/auth.exchangeLoginLink', {
      contentType: 'application/json',
      body: JSON.stringify({ token: 'x'.repeat(100 * 1_024) }),
    });
    expect(answer.status).toBe(413);
  });
});

describe('rate limits', () => {
  it('429 with Retry-After on REST and tRPC once a token has used its minute', async () => {
    const { token } = await issueToken(env.database, 'viewer', { rateLimitPerMinute: 2 });
    expect((await request('GET', '/api/v1/projects', { token })).status).toBe(200);
    expect((await request('GET', '/api/v1/projects', { token })).status).toBe(200);
    const rest = await request('GET', '/api/v1/projects', { token });
    expect(rest.status).toBe(429);
    const retryAfter = Number(rest.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(errorOf(rest)).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: retryAfter });
    const trpc = await request('GET', '/trpc/projects.list?input=%7B%7D', { token });
    expect(trpc.status).toBe(429);
    expect(Number(trpc.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('a token cannot be issued a limit above its role’s ceiling', async () => {
    const viewer = httpClient(env.baseUrl, env.tokens.viewer);
    const refused = await failureOf(viewer.auth.createToken.mutate({ name: 'greedy', rateLimitPerMinute: 100_000 }));
    expect(refused.data?.code).toBe('BAD_REQUEST');
    expect(refused.data?.field).toBe('rateLimitPerMinute');
    expect(refused.message).toContain('at most 1200');
    expect((await viewer.auth.createToken.mutate({ name: 'modest', rateLimitPerMinute: 1_200 })).apiToken.rateLimitPerMinute).toBe(1_200);
  });

  it('throttles login-link guesses per address, with Retry-After', async () => {
    const guesses = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      guesses.push(
        await request('POST', '/trpc/auth.exchangeLoginLink', {
          contentType: 'application/json',
          body: JSON.stringify({ token: `qd_wrong-guess-number-${attempt}` }),
          from: '127.0.0.8',
        }),
      );
    }
    expect(guesses.map((guess) => guess.status)).toEqual([401, 401, 401, 429]);
    expect(Number(guesses[3]?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('throttles calls without a valid token per address', async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.push((await request('GET', '/api/v1/projects', { token: 'qd_not-a-real-token', from: '127.0.0.7' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('a Postgres outage', () => {
  let postgres: RunningPostgres;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qd-outage-'));
    chmodSync(dir, 0o755);
    dataDir = path.join(dir, 'data');
    port = await freePort();
    postgres = await startEmbeddedPostgres({ dataDir, port });
  }, 120_000);

  afterAll(async () => {
    await postgres.stop();
  });

  it('answers 503 naming the database (never 500, never a crash), and recovers when Postgres is back', async () => {
    const { url } = await createMigratedDatabase(postgres.adminUrl, 'qd_outage');
    const db = createDb(url, { applicationName: 'outage-test' });
    const api = createApiServer({
      db,
      logger: pino({ level: 'silent' }),
      catalog: await testCatalog(),
      databaseUrl: url,
      webDist: '/nonexistent-web-dist',
      publicUrl: 'http://quarterdeck.test',
    });
    const baseUrl = `http://127.0.0.1:${await api.listen(0, '127.0.0.1')}`;
    try {
      const token = (await issueToken({ db, url, appUrl: url, drop: async () => {} }, 'viewer')).token;
      expect((await request('GET', '/api/v1/projects', { token, baseUrl })).status).toBe(200);

      await postgres.stop();
      const rest = await request('GET', '/api/v1/projects', { token, baseUrl });
      expect(rest.status).toBe(503);
      expect(errorOf(rest)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unreachable; try again shortly.' });
      expect(Number(rest.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await request('GET', '/trpc/projects.list?input=%7B%7D', { token, baseUrl })).status).toBe(503);
      const health = await request('GET', '/healthz', { baseUrl });
      expect(health.status).toBe(503);
      const report = JSON.parse(health.text) as { status: string; database: { status: string; error?: string } };
      expect(report).toMatchObject({ status: 'down', database: { status: 'down' } });
      expect(report.database.error).toMatch(/reach|connect|terminat/i);

      postgres = await startEmbeddedPostgres({ dataDir, port });
      const back = await request('GET', '/api/v1/projects', { token, baseUrl });
      expect(back.status).toBe(200);
      expect(JSON.parse((await request('GET', '/healthz', { baseUrl })).text)).toMatchObject({ database: { status: 'ok' } });
    } finally {
      await api.close();
      await db.$disconnect();
    }
  }, 120_000);
});
