import type { EventType } from './catalogue';
import type { QuarterdeckEvent } from './envelope';

// How the seeds' event names map onto the catalogue. The seeds had three WebSocket
// vocabularies (000/001 `event_type` snake_case, 002 dotted, 003 `subject:verb`, 004 snake_case
// again) plus the 000/001 event_log types. Kept as data, not only prose, so a test proves
// every target exists and the README table can be checked against it.

export interface LegacyEventName {
  /** Seed file prefix(es) the name comes from. */
  seeds: string;
  legacyName: string;
  /** The catalogue type(s) that replace it. */
  types: readonly EventType[];
  note?: string;
}

export const legacyEventNames: readonly LegacyEventName[] = [
  // 000 / 001: Context Store WebSocket events and event_log types
  { seeds: '000, 001', legacyName: 'agent_status_update', types: ['agent.status_changed'] },
  { seeds: '001', legacyName: 'agent_status_change', types: ['agent.status_changed'] },
  {
    seeds: '000, 001',
    legacyName: 'new_message',
    types: ['message.created', 'iteration.log'],
    note: 'discussion messages are messages; an agent narrating its work is its iteration log',
  },
  { seeds: '000, 001', legacyName: 'hitl_request', types: ['hitl.requested'] },
  { seeds: '000, 001', legacyName: 'hitl_response', types: ['hitl.responded'] },
  { seeds: '000, 001', legacyName: 'task_progress', types: ['task.progress'] },
  {
    seeds: '001',
    legacyName: 'artifact_created',
    types: ['artifact.bundle_ready'],
    note: 'the seed meant "ready to download"; each stored artifact is artifact.created',
  },
  {
    seeds: '001',
    legacyName: 'workflow_event (project_completed)',
    types: ['project.status_changed', 'run.completed'],
  },
  { seeds: '000, 001', legacyName: 'task_start (event_log)', types: ['task.status_changed'], note: 'to: working' },
  { seeds: '000, 001', legacyName: 'task_complete (event_log)', types: ['task.status_changed'], note: 'to: completed' },

  // 002: discussion WebSocket events
  { seeds: '002', legacyName: 'conversation.message.new', types: ['message.created'] },
  { seeds: '002', legacyName: 'conversation.status.changed', types: ['conversation.status_changed', 'conversation.phase_changed'] },
  { seeds: '002', legacyName: 'agent.typing', types: ['llm.request_started', 'llm.tokens'] },
  { seeds: '002', legacyName: 'agent.response.complete', types: ['llm.usage', 'message.created'] },
  { seeds: '002', legacyName: 'conversation.consensus.reached', types: ['decision.recorded', 'conversation.phase_changed'] },

  // 003: Parent Harness WebSocket events
  { seeds: '003', legacyName: 'agent:status', types: ['agent.status_changed'] },
  {
    seeds: '003',
    legacyName: 'task:updated',
    types: ['task.status_changed', 'task.assigned', 'task.updated'],
    note: 'the seed sent the whole task; we send what changed',
  },
  { seeds: '003', legacyName: 'task:assigned', types: ['task.assigned'] },
  { seeds: '003', legacyName: 'iteration:started', types: ['iteration.started'] },
  { seeds: '003', legacyName: 'iteration:completed', types: ['iteration.completed'] },
  { seeds: '003', legacyName: 'iteration:log', types: ['iteration.log'], note: 'lines come batched, not one event per line' },
  { seeds: '003', legacyName: 'wave:started', types: ['wave.started'] },
  { seeds: '003', legacyName: 'wave:completed', types: ['wave.completed'] },
  {
    seeds: '003',
    legacyName: 'event:new',
    types: [],
    note: 'every event is delivered in the same envelope; on /ws an event with no 003 name has this `type`',
  },

  // 004: integration-plan WebSocket events
  {
    seeds: '004',
    legacyName: 'workflow_status_changed',
    types: ['run.started', 'run.paused', 'run.resumed', 'run.completed', 'run.failed', 'run.cancelled'],
    note: "a 004 workflow is a run; one type per status so each carries what it needs (a pause's reason)",
  },
  { seeds: '004', legacyName: 'workflow_progress_update', types: ['run.progress'] },
  { seeds: '004', legacyName: 'agent_status_changed', types: ['agent.status_changed'] },
  { seeds: '004', legacyName: 'new_message', types: ['message.created'] },
  { seeds: '004', legacyName: 'new_decision', types: ['decision.recorded'] },
  { seeds: '004', legacyName: 'step_started', types: ['task.status_changed'], note: 'a workflow step runs as a task; to: working' },
  { seeds: '004', legacyName: 'step_completed', types: ['task.status_changed'], note: 'to: completed' },
  { seeds: '004', legacyName: 'error_occurred', types: ['system.error', 'run.failed'], note: 'run.failed when the error ends the run' },
];

// ─────────────── names on the plain /ws socket ───────────────

/**
 * The names a frame on the plain `/ws` socket carries beside the catalogue envelope: seed
 * 003's `type` (`subject:verb`) and seeds 000/001's `event_type` (snake_case), so programs
 * written against either seed can switch on the field they know. Chosen from the table above
 * (a test checks each pick is in it); where a seed named several, the newest and most
 * specific wins (`agent_status_change` over `agent_status_update`, `task:assigned` over
 * `task:updated`).
 */
export interface PlainWsNames {
  /** Seed 003's name, or `event:new` (its generic event) when it had none for this type. */
  type: string;
  /** Seeds 000/001's name, or the catalogue type when they had none. */
  eventType: string;
}

export const seed003TypeNames: Readonly<Partial<Record<EventType, string>>> = {
  'agent.status_changed': 'agent:status',
  'task.status_changed': 'task:updated',
  'task.updated': 'task:updated',
  'task.assigned': 'task:assigned',
  'iteration.started': 'iteration:started',
  'iteration.completed': 'iteration:completed',
  'iteration.log': 'iteration:log',
  'wave.started': 'wave:started',
  'wave.completed': 'wave:completed',
};

/** Seeds 000/001's names that hold for every event of the type (the rest depend on the payload). */
export const seed001EventTypeNames: Readonly<Partial<Record<EventType, string>>> = {
  'agent.status_changed': 'agent_status_change',
  'message.created': 'new_message',
  'iteration.log': 'new_message',
  'hitl.requested': 'hitl_request',
  'hitl.responded': 'hitl_response',
  'task.progress': 'task_progress',
  'artifact.bundle_ready': 'artifact_created',
  'run.completed': 'workflow_event',
};

export const GENERIC_PLAIN_WS_TYPE = 'event:new';

export function plainWsNamesOf(event: QuarterdeckEvent): PlainWsNames {
  return { type: seed003TypeNames[event.type] ?? GENERIC_PLAIN_WS_TYPE, eventType: seed001NameOf(event) ?? event.type };
}

function seed001NameOf(event: QuarterdeckEvent): string | undefined {
  switch (event.type) {
    // The seeds' event_log named a task starting and finishing; other moves have no seed name.
    case 'task.status_changed':
      return event.payload.to === 'working' ? 'task_start' : event.payload.to === 'completed' ? 'task_complete' : undefined;
    case 'project.status_changed':
      return event.payload.to === 'completed' ? 'workflow_event' : undefined;
    default:
      return seed001EventTypeNames[event.type];
  }
}
