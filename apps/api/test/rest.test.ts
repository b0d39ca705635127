import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, tableCounts, type TestApi } from './harness';

let env: TestApi;
beforeAll(async () => {
  env = await startTestApi();
});
afterAll(async () => {
  await env.close();
});

async function rest(method: string, path: string, token: string | null, body?: unknown) {
  const response = await fetch(`${env.baseUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { code?: string; field?: string },
  };
}

describe('REST for non-TypeScript clients', () => {
  it('creates a project, reads it, its completion, its tasks and the agents, with a bearer token', async () => {
    const created = await rest('POST', '/api/v1/projects', env.tokens.operator, { productIdea: 'A REST-made project', startRun: false });
    expect(created.status).toBe(200);
    const project = created.body.project as { id: string; name: string };
    const fetched = await rest('GET', `/api/v1/projects/${project.id}`, env.tokens.viewer);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: project.id, productIdea: 'A REST-made project' });
    expect(typeof fetched.body.createdAt).toBe('string');
    const completion = await rest('GET', `/api/v1/projects/${project.id}/completion`, env.tokens.viewer);
    expect(completion.body).toMatchObject({ projectId: project.id, completionPercentage: 0 });
    const tasks = await rest('GET', `/api/v1/tasks?projectId=${project.id}&status=pending&limit=2`, env.tokens.viewer);
    expect(tasks.status).toBe(200);
    expect((tasks.body.items as unknown[]).length).toBeLessThanOrEqual(2);
    expect(tasks.body.total).toBeGreaterThan(0);
    const agents = await rest('GET', '/api/v1/agents?limit=5', env.tokens.viewer);
    expect(agents.status).toBe(200);
    expect(Array.isArray(agents.body.items)).toBe(true);
    const projects = await rest('GET', '/api/v1/projects?status=active', env.tokens.viewer);
    expect((projects.body.items as Array<{ id: string }>).map((item) => item.id)).toContain(project.id);
  });

  it('lists and answers HITL requests', async () => {
    const created = await rest('POST', '/api/v1/projects', env.tokens.operator, { productIdea: 'HITL over REST', startRun: false });
    const projectId = (created.body.project as { id: string }).id;
    const request = await env.database.db.hitlRequest.create({ data: { projectId, question: 'Ship it?' }, select: { id: true } });
    const listed = await rest('GET', `/api/v1/hitl/project/${projectId}/requests`, env.tokens.viewer);
    expect(listed.body).toMatchObject({ total: 1, pendingCount: 1 });
    const before = await tableCounts(env.database);
    const noReason = await rest('POST', `/api/v1/hitl/${request.id}/respond`, env.tokens.operator, { action: 'reject' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('responseContent');
    expect(await tableCounts(env.database)).toEqual(before);
    const answered = await rest('POST', `/api/v1/hitl/${request.id}/respond`, env.tokens.operator, {
      action: 'approve',
      responseContent: 'yes',
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ id: request.id, status: 'approved', responseContent: 'yes' });
    expect((await rest('POST', `/api/v1/hitl/${request.id}/respond`, env.tokens.operator, { action: 'approve' })).status).toBe(409);
  });

  it('maps errors through the one AppError → HTTP table, naming the field', async () => {
    const before = await tableCounts(env.database);
    const badInput = await rest('POST', '/api/v1/projects', env.tokens.operator, { productIdea: '' });
    expect(badInput.status).toBe(400);
    expect(badInput.body).toMatchObject({ code: 'BAD_REQUEST', field: 'productIdea' });
    expect((await rest('GET', '/api/v1/projects/00000000-0000-4000-8000-000000000000', env.tokens.viewer)).status).toBe(404);
    expect((await rest('GET', '/api/v1/projects', null)).status).toBe(401);
    expect((await rest('POST', '/api/v1/projects', env.tokens.viewer, { productIdea: 'not allowed' })).status).toBe(403);
    expect(await tableCounts(env.database)).toEqual(before);
  });

  it('serves GET /healthz without a token', async () => {
    const response = await fetch(`${env.baseUrl}/healthz`);
    const report = (await response.json()) as { database: { status: string } };
    expect(report.database.status).toBe('ok');
  });

  it('serves the OpenAPI 3 document and a browsable page with local assets', async () => {
    const document = (await (await fetch(`${env.baseUrl}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/projects',
        '/api/v1/projects/{projectId}',
        '/api/v1/projects/{projectId}/completion',
        '/api/v1/hitl/{hitlRequestId}/respond',
        '/api/v1/hitl/project/{projectId}/requests',
        '/api/v1/tasks',
        '/api/v1/agents',
        '/healthz',
      ]),
    );
    expect(Object.keys(document.paths['/api/v1/projects'] ?? {}).sort()).toEqual(['get', 'post']);
    const page = await fetch(`${env.baseUrl}/api/docs`);
    const html = await page.text();
    expect(html).toContain('/api/docs/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\/(?!127)/);
    const bundle = await fetch(`${env.baseUrl}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${env.baseUrl}/api/docs/initializer.js`)).status).toBe(200);
  });
});
