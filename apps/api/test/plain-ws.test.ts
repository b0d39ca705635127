import { PLAIN_WS_CLOSE } from '@quarterdeck/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { publishEvents } from '@quarterdeck/engine';
import { writeProjectEvents } from './events-helpers';
import { eventually, httpClient, startTestApi, tableCounts, type HttpClient, type TestApi } from './harness';
import { envelopeOf, RawSocket, type Frame } from './raw-ws';

// The plain WebSocket at /ws (docs/ws.md), driven by a raw `ws` client as a program that
// does not speak tRPC would.

let env: TestApi;
let wsUrl: string;
let operator: HttpClient;
let projectId: string;
const ALLOWED_ORIGIN = 'https://dashboard.example.test';

beforeAll(async () => {
  env = await startTestApi(undefined, { live: { allowedOrigins: [ALLOWED_ORIGIN], heartbeatMs: 1_000 } });
  wsUrl = `${env.baseUrl.replace(/^http/, 'ws')}/ws`;
  operator = httpClient(env.baseUrl, env.tokens.operator);
  projectId = (await operator.projects.create.mutate({ productIdea: 'Plain socket project', startRun: false })).project.id;
});
afterAll(async () => {
  await env.close();
});

async function connect(role: 'viewer' | 'operator'): Promise<RawSocket> {
  const socket = await RawSocket.open(wsUrl, { headers: { authorization: `Bearer ${env.tokens[role]}` } });
  await socket.next((frame) => frame.type === 'ready', 'ready');
  return socket;
}

const labels = (count: number, label: string) => Array.from({ length: count }, (_, index) => `${label}-${index}`);
const labelsOf = (frames: Frame[]) =>
  frames.map((frame) => {
    const event = envelopeOf(frame);
    return event.type === 'project.updated' ? String((event.payload.changedFields as string[])[0]) : event.type;
  });

describe('/ws events', () => {
  it('streams events with the seeds names and the log id; a reconnect with last_event_id gets exactly the missed ones, once, in order', async () => {
    const first = await connect('viewer');
    first.send({ type: 'subscribe', channels: ['projects'], project_id: projectId, request_id: 's1' });
    expect(await first.reply('s1')).toMatchObject({ type: 'subscribed', channels: ['projects'] });
    await writeProjectEvents(env.database.db, projectId, 4, 'before');
    await eventually(() => first.events().length === 4, 'four events');
    expect(labelsOf(first.events())).toEqual(labels(4, 'before'));
    for (const frame of first.events()) {
      expect(frame).toMatchObject({ type: 'event:new', event_type: 'project.updated', id: envelopeOf(frame).id });
      expect(envelopeOf(frame).projectId).toBe(projectId);
    }
    const lastSeen = first.events().at(-1)?.id;
    await first.close();

    await writeProjectEvents(env.database.db, projectId, 5, 'missed');
    // This time the token comes in the first frame, as a browser-less client without headers would send it.
    const second = await RawSocket.open(wsUrl);
    second.send({ type: 'auth', token: env.tokens.viewer, request_id: 'a1' });
    expect(await second.reply('a1')).toMatchObject({ type: 'ready', role: 'viewer' });
    second.send({ type: 'subscribe', channels: ['events'], project_id: projectId, last_event_id: lastSeen, request_id: 's2' });
    expect(await second.reply('s2')).toMatchObject({ type: 'subscribed', last_event_id: lastSeen });
    // Written while the back-fill may still be running: each must come once, after it.
    await writeProjectEvents(env.database.db, projectId, 3, 'after');
    await eventually(() => second.events().length >= 8, 'missed and new events');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(labelsOf(second.events())).toEqual([...labels(5, 'missed'), ...labels(3, 'after')]);
    const ids = second.events().map((frame) => BigInt(String(frame.id)));
    expect(ids.every((id, index) => index === 0 || id > (ids[index - 1] ?? 0n))).toBe(true);
    await second.close();
  });

  it("names a task starting `task:updated` / `task_start` and an agent's status `agent:status` / `agent_status_change`", async () => {
    const task = await operator.tasks.create.mutate({ projectId, title: 'Named', instructions: 'Do it', role: 'coder' });
    const agent = await operator.agents.create.mutate({ name: 'Named agent', role: 'coder' });
    const socket = await connect('viewer');
    socket.send({ type: 'subscribe', channels: ['tasks', 'agents'], request_id: 's' });
    await socket.reply('s');
    await publishEvents(env.database.db, [
      { type: 'task.status_changed', projectId, taskId: task.id, payload: { from: 'ready', to: 'working', attempt: 1 } },
      { type: 'agent.status_changed', agentId: agent.id, payload: { from: 'idle', to: 'working', taskId: task.id } },
    ]);
    await eventually(() => socket.events().length === 2, 'both events');
    expect(socket.events().map((frame) => [frame.type, frame.event_type])).toEqual([
      ['task:updated', 'task_start'],
      ['agent:status', 'agent_status_change'],
    ]);
    await socket.close();
  });
});

describe('/ws commands', () => {
  async function workToCommand() {
    // A role no other agent has, and the agent made after the tasks: nothing takes them before the command does.
    const role = `scribe${Date.now()}`;
    const made = { projectId, instructions: 'Write it down', role, produces: 'software_specification' as const };
    const task = await operator.tasks.create.mutate({ ...made, title: 'Command me' });
    const busy = await operator.tasks.create.mutate({ ...made, title: 'Running' });
    const agent = await operator.agents.create.mutate({ name: `Commanded ${Date.now()}`, role });
    const db = env.database.db;
    const session = await db.agentSession.create({
      data: { agentId: agent.id, taskId: busy.id, attempt: 1, status: 'running' },
      select: { id: true },
    });
    const iteration = await db.iteration.create({ data: { sessionId: session.id, number: 1, status: 'completed' }, select: { id: true } });
    return { agentId: agent.id, taskId: task.id, sessionId: session.id, iterationId: iteration.id };
  }

  it('a viewer is refused every command with FORBIDDEN, one reply each, and nothing changes', async () => {
    const work = await workToCommand();
    const before = await tableCounts(env.database);
    const socket = await connect('viewer');
    socket.send({ type: 'task:assign', taskId: work.taskId, agentId: work.agentId, request_id: 'v1' });
    socket.send({ type: 'session:terminate', sessionId: work.sessionId, request_id: 'v2' });
    socket.send({ type: 'qa:trigger', iterationId: work.iterationId, request_id: 'v3' });
    for (const [requestId, command] of [
      ['v1', 'task:assign'],
      ['v2', 'session:terminate'],
      ['v3', 'qa:trigger'],
    ] as const) {
      expect(await socket.reply(requestId)).toMatchObject({ type: 'error', code: 'FORBIDDEN', command });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket.frames.filter((frame) => frame.request_id !== undefined)).toHaveLength(3);
    expect(await tableCounts(env.database)).toEqual(before);
    const session = await env.database.db.agentSession.findUniqueOrThrow({ where: { id: work.sessionId }, select: { status: true } });
    expect(session.status).toBe('running');
    await socket.close();
  });

  it('an operator assigns a task, terminates a session and triggers QA, each answered once with its request_id', async () => {
    const work = await workToCommand();
    const socket = await connect('operator');
    socket.send({ type: 'task:assign', taskId: work.taskId, agentId: work.agentId, request_id: 'o1' });
    expect(await socket.reply('o1')).toMatchObject({
      type: 'reply',
      command: 'task:assign',
      ok: true,
      result: { id: work.taskId, assignedAgentId: work.agentId },
    });

    socket.send({ type: 'session:terminate', sessionId: work.sessionId, reason: 'stuck', request_id: 7 });
    expect(await socket.next((frame) => frame.request_id === 7, 'the terminate reply')).toMatchObject({
      type: 'reply',
      command: 'session:terminate',
    });
    const session = await env.database.db.agentSession.findUniqueOrThrow({ where: { id: work.sessionId }, select: { status: true } });
    expect(session.status).not.toBe('running');

    socket.send({ type: 'qa:trigger', iterationId: work.iterationId, request_id: 'o3' });
    const triggered = await socket.reply('o3');
    expect(triggered).toMatchObject({ type: 'reply', command: 'qa:trigger', result: { iterationId: work.iterationId, queued: true } });
    const jobId = (triggered.result as { jobId: string }).jobId;
    const jobs = await env.database.db.$queryRawUnsafe<Array<{ payload: { iterationId: string } }>>(
      'SELECT payload FROM graphile_worker._private_jobs WHERE id = $1::bigint',
      jobId,
    );
    expect(jobs[0]?.payload.iterationId).toBe(work.iterationId);

    // A command the domain refuses is one error reply naming the field, not a crash.
    socket.send({ type: 'task:assign', taskId: '00000000-0000-4000-8000-000000000000', agentId: work.agentId, request_id: 'o4' });
    expect(await socket.reply('o4')).toMatchObject({ type: 'error', code: 'NOT_FOUND', field: 'taskId', command: 'task:assign' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(socket.frames.filter((frame) => frame.request_id !== undefined)).toHaveLength(4);
    expect(socket.socket.readyState).toBe(WebSocket.OPEN);
    await socket.close();
  });
});

describe('/ws bad input', () => {
  it('answers every bad frame with an error naming the field, and keeps the socket working', async () => {
    const socket = await connect('viewer');
    const cases: Array<[unknown, string, string | undefined]> = [
      [{ type: 'dance', request_id: 'b1' }, 'b1', 'type'],
      [{ type: 'subscribe', channels: ['projects', 'nope'], request_id: 'b2' }, 'b2', 'channels[1]'],
      [{ type: 'task:assign', taskId: '00000000-0000-4000-8000-000000000000', request_id: 'b3' }, 'b3', 'agentId'],
      [{ type: 'subscribe', project_id: 'not-a-uuid', request_id: 'b4' }, 'b4', 'project_id'],
      [{ type: 'subscribe', colour: 'red', request_id: 'b5' }, 'b5', 'colour'],
      [{ type: 'subscribe', last_event_id: 'yesterday', request_id: 'b6' }, 'b6', 'last_event_id'],
      [{ type: 'auth', token: 'qd_again', request_id: 'b7' }, 'b7', 'type'],
    ];
    for (const [frame, requestId, field] of cases) {
      socket.send(frame);
      expect(await socket.reply(requestId), JSON.stringify(frame)).toMatchObject({ type: 'error', code: 'BAD_REQUEST', field });
    }
    socket.send('{"type": "subscribe", ');
    expect(
      await socket.next((frame) => frame.type === 'error' && String(frame.message).includes('not JSON'), 'the JSON error'),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });
    socket.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await socket.next((frame) => frame.type === 'error' && String(frame.message).includes('binary'), 'the binary error');

    expect(socket.socket.readyState).toBe(WebSocket.OPEN);
    socket.send({ type: 'subscribe', channels: ['projects'], project_id: projectId, request_id: 'ok' });
    expect(await socket.reply('ok')).toMatchObject({ type: 'subscribed' });
    await writeProjectEvents(env.database.db, projectId, 1, 'still-working');
    await socket.next((frame) => frame.event !== undefined, 'an event after the bad frames');
    expect(labelsOf(socket.events())).toEqual(['still-working-0']);
    await socket.close();
  });

  it('answers a frame before authentication with UNAUTHORIZED, and closes on a bad token (4401)', async () => {
    const socket = await RawSocket.open(wsUrl);
    socket.send({ type: 'subscribe', channels: ['projects'], request_id: 'early' });
    expect(await socket.reply('early')).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
    expect(socket.socket.readyState).toBe(WebSocket.OPEN);
    socket.send({ type: 'auth', token: 'qd_forged', request_id: 'bad' });
    expect(await socket.reply('bad')).toMatchObject({ type: 'error', code: 'UNAUTHORIZED', message: 'The API token is not valid.' });
    expect((await socket.closed).code).toBe(PLAIN_WS_CLOSE.unauthorized);
  });

  it('refuses an Authorization header with an unknown token the same way', async () => {
    const socket = await RawSocket.open(wsUrl, { headers: { authorization: 'Bearer qd_forged' } });
    expect((await socket.closed).code).toBe(PLAIN_WS_CLOSE.unauthorized);
    expect(socket.frames[0]).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
  });
});

describe('WebSocket heartbeats and origins', () => {
  it('pings every socket; one that answers stays, one that does not is closed', async () => {
    const answering = await connect('viewer');
    let pings = 0;
    answering.socket.on('ping', () => (pings += 1));
    const silent = await RawSocket.open(wsUrl, { headers: { authorization: `Bearer ${env.tokens.viewer}` }, autoPong: false });
    const closed = await silent.closed;
    expect(closed.code).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
    await answering.close();
  });

  it('refuses a WebSocket from a foreign browser origin, and allows its own origin, configured ones, and programs with none', async () => {
    for (const path of ['/ws', '/trpc']) {
      const url = `${env.baseUrl.replace(/^http/, 'ws')}${path}`;
      expect(await RawSocket.refusal(url, { headers: { origin: 'https://evil.example' } })).toBe(403);
      for (const origin of [env.baseUrl, ALLOWED_ORIGIN, undefined]) {
        const socket = await RawSocket.open(url, origin === undefined ? {} : { headers: { origin } });
        await socket.close();
      }
    }
  });
});
