import type { EventType } from './catalogue';

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
  { seeds: '003', legacyName: 'event:new', types: [], note: 'every event is delivered in the same envelope; no wrapper type' },

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
