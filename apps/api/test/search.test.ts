import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, httpClient, startTestApi, type HttpClient, type TestApi } from './harness';

// Full-text search through the real API: every kind is found, the web-search syntax works,
// filters narrow, pages follow the cursor, ids and name prefixes find their thing, snippets
// are escaped, and a viewer sees only what the read procedures already show.

let env: TestApi;
let operator: HttpClient;
let viewer: HttpClient;
let night: { projectId: string; taskId: string; artifactId: string; decisionId: string; hitlId: string; conversationId: string };
let other: { projectId: string };

beforeAll(async () => {
  env = await startTestApi();
  operator = httpClient(env.baseUrl, env.tokens.operator);
  viewer = httpClient(env.baseUrl, env.tokens.viewer);
  const db = env.database.db;

  const { project } = await operator.projects.create.mutate({
    name: 'Zanzibar night shifts',
    productIdea: 'A habit tracker for nurses on the night shift, with a kestrel mascot',
    startRun: false,
  });
  const task = await operator.tasks.create.mutate({
    projectId: project.id,
    title: 'Design the ptarmigan sync',
    instructions: 'Sync habits when the ward has reception again.',
    role: 'architect',
  });
  const artifact = await db.contextArtifact.create({
    data: {
      projectId: project.id,
      taskId: task.id,
      logicalKey: 'spec',
      name: 'Night shift specification',
      artifactType: 'spec',
      handoffType: 'software_specification',
      sourceAgent: 'analyst',
      content: {
        core_idea: 'Habits for night nurses',
        requirements: ['Works offline on the ward', 'Exports a capybara report'],
        user_stories: ['As a nurse I log a habit in one tap'],
        high_level_features: ['Streaks'],
      },
      contentHash: 'h1',
    },
    select: { id: true },
  });
  const conversation = await operator.conversations.create.mutate({ goalDescription: 'Choose the storage', projectId: project.id });
  const decision = await operator.decisions.record.mutate({
    projectId: project.id,
    conversationId: conversation.id,
    problem: 'Where do habits live offline?',
    variants: [
      { id: 'local', title: 'IndexedDB on the phone' },
      { id: 'server', title: 'Server only' },
    ],
    votes: [
      { voterName: 'technical_architect', variantId: 'local', reason: 'Wards have no reception, so a wombat-proof local store wins' },
    ],
    chosenVariantId: 'local',
    justification: 'Offline first',
  });
  const hitl = await db.hitlRequest.create({
    data: { projectId: project.id, taskId: task.id, kind: 'question', question: 'Should the axolotl theme ship in the first release?' },
    select: { id: true },
  });
  // Messages as the panel writes them (agents), plus one a person posts through the API.
  const agentMessage = (content: string, senderId: string, createdAt?: Date) =>
    db.message.create({
      data: {
        conversationId: conversation.id,
        senderType: 'agent',
        senderId,
        content,
        metadata: { secretNote: 'hidden-metadata-value' },
        ...(createdAt ? { createdAt } : {}),
      },
    });
  await agentMessage('We should sync offline data when the ward has reception.', 'technical_architect', new Date('2030-01-01T10:00:00Z'));
  await agentMessage('Offline first, and sync later; the narwhal test passed.', 'quality_assurance', new Date('2030-01-02T10:00:00Z'));
  await agentMessage('<img src=x onerror=alert(1)> the quokka said <b>hello</b>', 'creative_strategist');
  for (let i = 0; i < 7; i++) await agentMessage(`Pangolin note number ${i}: pangolin ${'pangolin '.repeat(i)}`, 'project_manager');
  await operator.conversations.postMessage.mutate({ conversationId: conversation.id, content: 'I like the Zanzibar kestrel mascot' });

  const second = await operator.projects.create.mutate({ name: 'Other project', productIdea: 'A kestrel counting app', startRun: false });
  night = {
    projectId: project.id,
    taskId: task.id,
    artifactId: artifact.id,
    decisionId: decision.id,
    hitlId: hitl.id,
    conversationId: conversation.id,
  };
  other = { projectId: second.project.id };
});

afterAll(async () => {
  await env.close();
});

const kindsOf = (items: Array<{ kind: string }>) => [...new Set(items.map((item) => item.kind))].sort();

describe('search.query', () => {
  it('finds each kind by its own words: project idea, task title, artifact content, decision vote reason, HITL question, message', async () => {
    const cases: Array<[string, string, string]> = [
      ['zanzibar', 'project', night.projectId],
      ['ptarmigan', 'task', night.taskId],
      ['capybara', 'artifact', night.artifactId],
      ['wombat', 'decision', night.decisionId],
      ['axolotl', 'hitl', night.hitlId],
      ['narwhal', 'message', ''],
    ];
    for (const [word, kind, id] of cases) {
      const result = await viewer.search.query.query({ q: word });
      const hit = result.items.find((item) => item.kind === kind);
      expect(hit, `${word} should find a ${kind}`).toBeDefined();
      if (id !== '') expect(hit?.id).toBe(id);
      expect(hit?.snippet.some((segment) => segment.highlighted)).toBe(true);
    }
  });

  it('ranks a title match above a mention in body text, and counts matches per kind and project', async () => {
    // The name is in the project's name (weight A) and in a message (B); the run's task instructions quote it too (C).
    const named = await viewer.search.query.query({ q: 'zanzibar', kinds: ['project', 'message'] });
    expect(named.items.map((item) => item.kind)).toEqual(['project', 'message']);
    const result = await viewer.search.query.query({ q: 'kestrel', kinds: ['project', 'message'] });
    expect(result.facets.kinds).toEqual(
      expect.arrayContaining([
        { kind: 'project', count: 2, capped: false },
        { kind: 'message', count: 1, capped: false },
      ]),
    );
    expect(result.facets.projects).toEqual(
      expect.arrayContaining([
        { projectId: night.projectId, name: 'Zanzibar night shifts', count: 2, capped: false },
        { projectId: other.projectId, name: 'Other project', count: 1, capped: false },
      ]),
    );
  });

  it('understands phrases, exclusions and or', async () => {
    const phrase = await viewer.search.query.query({ q: '"sync offline"', kinds: ['message'] });
    expect(phrase.items.map((item) => item.snippet.map((segment) => segment.text).join(''))).toEqual([
      expect.stringContaining('should sync offline data'),
    ]);
    const both = await viewer.search.query.query({ q: 'offline sync', kinds: ['message'] });
    expect(both.items).toHaveLength(2);
    const excluded = await viewer.search.query.query({ q: 'offline sync -narwhal', kinds: ['message'] });
    expect(excluded.items).toHaveLength(1);
    const either = await viewer.search.query.query({ q: 'narwhal or quokka', kinds: ['message'] });
    expect(either.items).toHaveLength(2);
  });

  it('filters by kind, project, run, agent, status, conversation and date range', async () => {
    expect(kindsOf((await viewer.search.query.query({ q: 'kestrel', kinds: 'message' })).items)).toEqual(['message']);
    const inOther = await viewer.search.query.query({ q: 'kestrel', projectId: other.projectId });
    expect(inOther.items.length).toBeGreaterThan(0);
    expect(new Set(inOther.items.map((item) => item.projectId))).toEqual(new Set([other.projectId]));
    // Projects are in no run, so a run filter leaves them out.
    const missingRun = '00000000-0000-4000-8000-000000000001';
    expect((await viewer.search.query.query({ q: 'kestrel', kinds: ['project'], runId: missingRun })).items).toEqual([]);
    const byAgent = await viewer.search.query.query({ q: 'offline', agent: 'quality_assurance' });
    expect(byAgent.items.map((item) => item.kind === 'message' && item.senderId)).toEqual(['quality_assurance']);
    const byRole = await viewer.search.query.query({ q: 'ptarmigan', agent: 'architect' });
    expect(kindsOf(byRole.items)).toEqual(['task']);
    const pendingOnly = await viewer.search.query.query({ q: 'axolotl ptarmigan or axolotl', status: 'pending' });
    expect(kindsOf(pendingOnly.items)).toEqual(['hitl']);
    const inConversation = await viewer.search.query.query({ q: 'wombat', conversationId: night.conversationId });
    expect(kindsOf(inConversation.items)).toEqual(['decision']);
    const dated = await viewer.search.query.query({
      q: 'offline',
      kinds: ['message'],
      from: '2030-01-02T00:00:00Z',
      to: '2030-01-03T00:00:00Z',
    });
    expect(dated.items).toHaveLength(1);
    expect(dated.items[0]?.createdAt).toBe('2030-01-02T10:00:00.000Z');
  });

  it('pages with a cursor: every match once, in rank order, then no cursor', async () => {
    const seen: Array<{ id: string; rank: number }> = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await viewer.search.query.query({ q: 'pangolin', limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...result.items.map((item) => ({ id: item.id, rank: item.rank })));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((item) => item.id)).size).toBe(7);
    const ranks = seen.map((item) => item.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it('finds a thing by its id or the start of it, first, and a name by its first letters', async () => {
    const full = await viewer.search.query.query({ q: night.taskId });
    expect(full.items[0]).toMatchObject({ kind: 'task', id: night.taskId, matchedId: true });
    const prefix = await viewer.search.query.query({ q: night.artifactId.slice(0, 8) });
    expect(prefix.items[0]).toMatchObject({ kind: 'artifact', id: night.artifactId, matchedId: true });
    const named = await viewer.search.query.query({ q: 'zanzib' });
    expect(named.items[0]).toMatchObject({ kind: 'project', id: night.projectId, matchedId: false });
  });

  it('escapes snippets: content HTML never comes back as markup', async () => {
    const result = await viewer.search.query.query({ q: 'quokka' });
    const hit = result.items[0];
    expect(hit?.snippetHtml).toContain('<mark>quokka</mark>');
    expect(hit?.snippetHtml).not.toMatch(/<(img|b)\b/);
    expect(hit?.snippetHtml).not.toContain('onerror=alert(1)>');
    expect(hit?.snippet.filter((segment) => segment.highlighted).map((segment) => segment.text)).toEqual(['quokka']);
  });

  it('shows a viewer only the fields the read procedures show, and never users, tokens or hidden metadata', async () => {
    const result = await viewer.search.query.query({ q: 'offline', limit: 50 });
    const allowed = new Set([
      ...['kind', 'id', 'title', 'snippet', 'snippetHtml', 'rank', 'matchedId', 'projectId', 'projectName', 'runId', 'createdAt'],
      ...['status', 'role', 'logicalKey', 'version', 'artifactType', 'handoffType', 'sourceAgent', 'conversationId', 'hitlKind', 'taskId'],
      ...['conversationTitle', 'conversationStatus', 'senderId', 'messageType'],
    ]);
    for (const item of result.items) for (const key of Object.keys(item)) expect(allowed.has(key), key).toBe(true);
    expect(JSON.stringify(result)).not.toContain('hidden-metadata-value');
    expect((await viewer.search.query.query({ q: 'hidden-metadata-value' })).items).toEqual([]);
    const me = await viewer.auth.me.query();
    expect((await viewer.search.query.query({ q: me.email })).items).toEqual([]);
    expect((await viewer.search.query.query({ q: env.tokens.admin })).items).toEqual([]);
    // Everything a viewer finds, it can open through the read procedures.
    for (const item of result.items) {
      if (item.kind === 'message') await viewer.conversations.messages.query({ conversationId: item.conversationId });
      if (item.kind === 'task') await viewer.tasks.get.query({ taskId: item.id });
      if (item.kind === 'decision') await viewer.decisions.get.query({ decisionId: item.id });
      if (item.kind === 'artifact') await viewer.artifacts.get.query({ artifactId: item.id });
    }
  });

  it('refuses bad input naming the field: no query, an unknown kind, a reversed date range, a forged cursor', async () => {
    expect((await failureOf(viewer.search.query.query({ q: '  ' }))).data?.field).toBe('q');
    expect((await failureOf(viewer.search.query.query({ q: 'x', kinds: 'bogus' }))).data?.field).toBe('kinds[0]');
    expect(
      (await failureOf(viewer.search.query.query({ q: 'x', from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' }))).data?.field,
    ).toBe('to');
    expect((await failureOf(viewer.search.query.query({ q: 'x', cursor: 'not-a-cursor' }))).data?.field).toBe('cursor');
    expect((await failureOf(httpClient(env.baseUrl, null).search.query.query({ q: 'x' }))).data?.code).toBe('UNAUTHORIZED');
  });
});

describe('REST search', () => {
  const get = (path: string, token: string | null = env.tokens.viewer) =>
    fetch(`${env.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('GET /api/v1/search answers with ranked items, a cursor and facets; kinds as a comma list', async () => {
    const response = await get('/api/v1/search?q=kestrel&kinds=project,message&limit=1');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Array<{ kind: string }>; nextCursor: string | null; facets: unknown };
    expect(body.items).toHaveLength(1);
    expect(body.nextCursor).not.toBeNull();
    const next = await get(`/api/v1/search?q=kestrel&kinds=project,message&limit=1&cursor=${encodeURIComponent(body.nextCursor ?? '')}`);
    expect(((await next.json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('GET /api/v1/messages/search searches messages of a conversation, by its status', async () => {
    const response = await get(`/api/v1/messages/search?q=offline&conversationId=${night.conversationId}&conversationStatus=active`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Array<{ kind: string }>; total: { count: number } };
    expect(body.items.map((item) => item.kind)).toEqual(['message', 'message']);
    expect(body.total).toEqual({ count: 2, capped: false });
    const closed = await get(`/api/v1/messages/search?q=offline&conversationStatus=completed`);
    expect(((await closed.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('answers bad input with 400 naming the field, and no token with 401', async () => {
    const missing = await get('/api/v1/search');
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: 'BAD_REQUEST', field: 'q' });
    const badStatus = await get('/api/v1/messages/search?q=x&conversationStatus=nope');
    expect(badStatus.status).toBe(400);
    expect(await badStatus.json()).toMatchObject({ code: 'BAD_REQUEST', field: 'conversationStatus' });
    expect((await get('/api/v1/search?q=x', null)).status).toBe(401);
  });

  it('documents both routes in the OpenAPI document with their output schemas', async () => {
    const document = (await (await fetch(`${env.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, { schema: unknown }> }> } }>;
    };
    for (const path of ['/api/v1/search', '/api/v1/messages/search']) {
      const schema = document.paths[path]?.get?.responses['200']?.content?.['application/json']?.schema;
      expect(JSON.stringify(schema), path).toContain('snippetHtml');
    }
  });
});
