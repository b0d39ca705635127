import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EventSeverity } from '../enums';
import { AppError } from '../errors';
import { channelOfEventType, defaultSeverityOf, EVENT_TYPES, eventCatalogue, eventTypesOfChannel, isEventType } from './catalogue';
import { CHANNELS } from './channels';
import {
  compareEventIds,
  createEventRecord,
  parseEventPayload,
  parseQuarterdeckEvent,
  toQuarterdeckEvent,
  type QuarterdeckEvent,
} from './envelope';
import { legacyEventNames, plainWsNamesOf, seed001EventTypeNames, seed003TypeNames } from './legacy-names';

const PROJECT_ID = '7f3c1a52-4b8e-4d7a-9c21-0e6b5f4a3d10';
const TASK_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const AGENT_ID = '0b9d7e4c-2a61-4f3e-b8d5-6c7a9e1f2d30';

describe('the event catalogue', () => {
  it.each(EVENT_TYPES)('%s has a payload schema, a channel, a severity and a description', (type) => {
    const definition = eventCatalogue[type];
    expect(definition.payload).toBeInstanceOf(z.ZodType);
    expect(CHANNELS).toContain(channelOfEventType(type));
    expect(EventSeverity.options).toContain(defaultSeverityOf(type));
    expect(definition.description.length).toBeGreaterThan(0);
  });

  it('names every type `subject.what_happened` in snake_case', () => {
    for (const type of EVENT_TYPES) expect(type).toMatch(/^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$/);
  });

  it('covers what the brief and the seeds name', () => {
    const expected: string[] = [
      'project.created',
      'project.status_changed',
      'run.started',
      'run.paused',
      'run.completed',
      'wave.started',
      'wave.completed',
      'task.status_changed',
      'task.assigned',
      'task.progress',
      'agent.status_changed',
      'agent.heartbeat',
      'session.started',
      'session.ended',
      'iteration.started',
      'iteration.log',
      'iteration.completed',
      'llm.tokens',
      'llm.usage',
      'hitl.requested',
      'hitl.responded',
      'hitl.expired',
      'artifact.created',
      'message.created',
      'decision.recorded',
      'watchdog.finding',
      'qa.result',
      'qa.audit_completed',
      'worker.started',
      'worker.lost',
      'system.heartbeat',
    ];
    for (const type of expected) expect(isEventType(type), type).toBe(true);
  });

  it('delivers something on every channel', () => {
    for (const channel of CHANNELS) expect(eventTypesOfChannel(channel).length, channel).toBeGreaterThan(0);
  });

  it('keeps the high-rate streams on their own channels at debug severity', () => {
    expect(channelOfEventType('llm.tokens')).toBe('tokens');
    expect(channelOfEventType('iteration.log')).toBe('iterations');
    expect(defaultSeverityOf('llm.tokens')).toBe('debug');
    expect(defaultSeverityOf('iteration.log')).toBe('debug');
  });

  it('does not accept made-up types', () => {
    expect(isEventType('task:updated')).toBe(false);
    expect(isEventType('toString')).toBe(false);
  });
});

describe('legacy event names', () => {
  it('map only onto types in the catalogue', () => {
    for (const legacy of legacyEventNames) {
      for (const type of legacy.types) expect(isEventType(type), `${legacy.legacyName} → ${type}`).toBe(true);
    }
  });

  it('all appear in the README table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const legacy of legacyEventNames) {
      const row = readme.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${legacy.legacyName}\``));
      expect(row, `README row for ${legacy.legacyName}`).toBeDefined();
      for (const type of legacy.types) expect(row, `README row for ${legacy.legacyName}`).toContain(`\`${type}\``);
    }
  });
});

describe('names on the plain /ws socket', () => {
  /** The table rows of a seed vocabulary that name `legacyName` (ignoring a "(qualifier)") and map to `type`. */
  const tableHas = (seeds: RegExp, legacyName: string, type: string) =>
    legacyEventNames.some(
      (legacy) =>
        seeds.test(legacy.seeds) && legacy.legacyName.split(' ')[0] === legacyName && legacy.types.some((target) => target === type),
    );

  it('picks every seed 003 `type` and seed 000/001 `event_type` from the legacy table', () => {
    for (const [type, name] of Object.entries(seed003TypeNames)) expect(tableHas(/003/, name, type), `${type} → ${name}`).toBe(true);
    for (const [type, name] of Object.entries(seed001EventTypeNames))
      expect(tableHas(/00[01]/, name, type), `${type} → ${name}`).toBe(true);
  });

  const event = (type: string, payload: unknown, scope: Record<string, string> = { projectId: PROJECT_ID, taskId: TASK_ID }) =>
    toQuarterdeckEvent({ id: 7, type, severity: 'info', payload, createdAt: '2026-01-01T00:00:00.000Z', ...nullScope, ...scope });
  const nullScope = { projectId: null, runId: null, taskId: null, agentId: null, sessionId: null };

  it("names a task's start and finish as the seeds' event_log did, and other moves by their catalogue type", () => {
    const moved = (to: string) => plainWsNamesOf(event('task.status_changed', { from: 'ready', to, attempt: 1 }));
    expect(moved('working')).toEqual({ type: 'task:updated', eventType: 'task_start' });
    expect(moved('completed')).toEqual({ type: 'task:updated', eventType: 'task_complete' });
    expect(moved('failed')).toEqual({ type: 'task:updated', eventType: 'task.status_changed' });
  });

  it('calls a completed project a `workflow_event`, and an event seed 003 never named `event:new`', () => {
    expect(plainWsNamesOf(event('project.status_changed', { from: 'active', to: 'completed' }))).toEqual({
      type: 'event:new',
      eventType: 'workflow_event',
    });
    expect(plainWsNamesOf(event('project.created', { name: 'x', productIdea: 'y', workflowTemplateId: 'z' }))).toEqual({
      type: 'event:new',
      eventType: 'project.created',
    });
    expect(plainWsNamesOf(event('agent.status_changed', { from: 'idle', to: 'working', taskId: TASK_ID }, { agentId: AGENT_ID }))).toEqual({
      type: 'agent:status',
      eventType: 'agent_status_change',
    });
  });
});

describe('parseEventPayload', () => {
  it('returns the typed payload', () => {
    const payload = parseEventPayload('task.progress', { progress: 50, stage: 'gathering_data' });
    expect(payload.progress).toBe(50);
  });

  it('throws naming the bad path', () => {
    expect(() => parseEventPayload('iteration.log', { iterationId: TASK_ID, number: 1, offset: 0, lines: [] })).toThrow(/lines/);
  });
});

describe('createEventRecord', () => {
  it('fills in the default severity and nulls for absent ids', () => {
    const record = createEventRecord({
      type: 'task.assigned',
      projectId: PROJECT_ID,
      taskId: TASK_ID,
      agentId: AGENT_ID,
      payload: { agentName: 'Coder 1', assignedBy: 'orchestrator' },
    });
    expect(record).toEqual({
      type: 'task.assigned',
      severity: 'info',
      payload: { agentName: 'Coder 1', assignedBy: 'orchestrator' },
      projectId: PROJECT_ID,
      runId: null,
      taskId: TASK_ID,
      agentId: AGENT_ID,
      sessionId: null,
    });
  });

  it('refuses an event that lacks an id its type requires', () => {
    const attempt = () =>
      createEventRecord({
        type: 'task.assigned',
        projectId: PROJECT_ID,
        taskId: TASK_ID,
        payload: { agentName: 'Coder 1', assignedBy: 'user' },
      });
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow('task.assigned needs agentId');
  });

  it('refuses an invalid payload with the path under `payload`', () => {
    try {
      createEventRecord({ type: 'task.progress', projectId: PROJECT_ID, taskId: TASK_ID, payload: { progress: 150 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      if (error instanceof AppError) expect(error.issues.map((issue) => issue.path)).toEqual(['payload.progress']);
    }
  });
});

describe('stored rows and the wire', () => {
  const row = {
    id: 9007199254740993n,
    type: 'wave.started',
    severity: 'info',
    projectId: PROJECT_ID,
    runId: 'f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f',
    taskId: null,
    agentId: null,
    sessionId: null,
    payload: { waveNumber: 1, taskCount: 3 },
    createdAt: new Date('2026-01-14T10:30:00.000Z'),
  };

  it('turns a row into the wire shape: bigint id as text, ISO date, no null ids', () => {
    const event = toQuarterdeckEvent(row);
    expect(event).toEqual({
      id: '9007199254740993',
      type: 'wave.started',
      severity: 'info',
      projectId: PROJECT_ID,
      runId: row.runId,
      payload: { waveNumber: 1, taskCount: 3 },
      createdAt: '2026-01-14T10:30:00.000Z',
    });
    if (event.type === 'wave.started') expect(event.payload.waveNumber).toBe(1);
  });

  it('refuses a row of an unknown type', () => {
    expect(() => toQuarterdeckEvent({ ...row, type: 'wave:started' })).toThrow('unknown type "wave:started"');
  });

  it('lets a client check what it received, down to the payload', () => {
    const wire = JSON.parse(JSON.stringify(toQuarterdeckEvent(row))) as unknown;
    expect(parseQuarterdeckEvent(wire).type).toBe('wave.started');
    const broken = { ...toQuarterdeckEvent(row), payload: { waveNumber: 'one', taskCount: 3 } };
    expect(() => parseQuarterdeckEvent(broken)).toThrow(/payload.*waveNumber|waveNumber/s);
  });

  it('narrows the payload by type (this test also fails to compile if the union breaks)', () => {
    const summarise = (event: QuarterdeckEvent): string => {
      switch (event.type) {
        case 'task.status_changed':
          return `${event.payload.from} → ${event.payload.to}`;
        case 'wave.started':
          return `wave ${event.payload.waveNumber} with ${event.payload.taskCount} tasks`;
        default:
          return event.type;
      }
    };
    expect(summarise(toQuarterdeckEvent(row))).toBe('wave 1 with 3 tasks');
    expect(
      summarise(toQuarterdeckEvent({ ...row, type: 'task.status_changed', payload: { from: 'ready', to: 'working', attempt: 1 } })),
    ).toBe('ready → working');
  });

  it('orders event ids as numbers, not text', () => {
    expect(compareEventIds('10', '9')).toBe(1);
    expect(compareEventIds('9007199254740993', '9007199254740993')).toBe(0);
    expect(compareEventIds('1', '2')).toBe(-1);
  });
});
