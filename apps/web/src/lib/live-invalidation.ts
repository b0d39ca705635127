import type { QuarterdeckEvent } from '@quarterdeck/contracts';

// Which cached query families an event makes stale. Live events carry ids and small
// payloads, not whole rows, so the dashboard refetches the affected lists instead of
// patching them: the database stays the one source of truth for what is shown.

export type QueryFamily = 'projects' | 'runs' | 'tasks' | 'artifacts' | 'hitl' | 'agents' | 'sessions' | 'events' | 'usage';

export function familiesTouchedBy(event: QuarterdeckEvent): QueryFamily[] {
  const prefix = event.type.slice(0, event.type.indexOf('.'));
  switch (prefix) {
    case 'project':
      return ['projects'];
    case 'run':
    case 'wave':
      return ['projects', 'runs', 'tasks'];
    case 'task':
      return ['tasks', 'runs'];
    case 'artifact':
    case 'handoff':
      return ['artifacts'];
    case 'hitl':
      return ['hitl', 'tasks'];
    case 'agent':
    case 'watchdog':
      return event.type === 'agent.heartbeat' ? [] : ['agents', 'sessions'];
    case 'session':
    case 'iteration':
    case 'qa':
      return event.type === 'iteration.log' ? [] : ['sessions'];
    case 'llm':
      // Only the per-call usage record changes spend; token streams are for the live view.
      return event.type === 'llm.usage' ? ['usage'] : [];
    default:
      return [];
  }
}
