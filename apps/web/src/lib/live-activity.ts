import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import type { EventSeverity, LiveActivity, LogLine, TokenStream } from '../types';
import { humanizeEventType } from './format';

// Live events → what the Activity tab shows: one token stream per LLM call (text appended
// batch by batch) and a log tail of iteration output plus the lifecycle events a person
// watching would want in the same place. Pure, so a test can feed it a sequence of events.

/** Streams kept on screen: the running ones and the few most recently finished. */
export const MAX_STREAMS = 6;
/** Lines kept in memory for the tail (the full log stays on the server). */
export const MAX_LOG_LINES = 500;

export const emptyLiveActivity: LiveActivity = { tokenStreams: [], logTail: [] };

/** Names the events refer to by id, from data already loaded (agents, tasks of the project). */
export interface NameLookup {
  agentName: (agentId: string | undefined) => string | null;
  taskTitle: (taskId: string | undefined) => string | null;
}

export function applyLiveEvent(state: LiveActivity, event: QuarterdeckEvent, names: NameLookup): LiveActivity {
  switch (event.type) {
    case 'llm.request_started': {
      if (state.tokenStreams.some((stream) => stream.requestId === event.payload.requestId)) return state;
      const stream = newStream(event.payload.requestId, event, names, event.payload.provider === 'simulated');
      return { ...state, tokenStreams: trimStreams([...state.tokenStreams, stream]) };
    }
    case 'llm.tokens': {
      const { requestId, sequence, text } = event.payload;
      const existing = state.tokenStreams.find((stream) => stream.requestId === requestId);
      // Batches before the one expected were already applied (a resume can replay the edge).
      if (existing !== undefined && sequence < existing.nextSequence) return state;
      const base = existing ?? newStream(requestId, event, names, false);
      const updated: TokenStream = { ...base, text: base.text + text, nextSequence: sequence + 1 };
      return { ...state, tokenStreams: trimStreams(replaceStream(state.tokenStreams, updated)) };
    }
    case 'llm.usage':
    case 'llm.request_failed': {
      const existing = state.tokenStreams.find((stream) => stream.requestId === event.payload.requestId);
      if (existing === undefined || existing.done) return state;
      return { ...state, tokenStreams: trimStreams(replaceStream(state.tokenStreams, { ...existing, done: true })) };
    }
    case 'iteration.log': {
      const lines: LogLine[] = event.payload.lines.map((text, index) => ({
        id: `${event.id}:${index}`,
        sessionId: event.sessionId ?? null,
        at: event.createdAt,
        text,
      }));
      return appendLines(state, lines);
    }
    default: {
      const text = lifecycleLine(event, names);
      if (text === null) return state;
      return appendLines(state, [
        { id: event.id, sessionId: event.sessionId ?? null, at: event.createdAt, text, severity: event.severity },
      ]);
    }
  }
}

function newStream(requestId: string, event: QuarterdeckEvent, names: NameLookup, isSimulated: boolean): TokenStream {
  return {
    requestId,
    sessionId: event.sessionId ?? null,
    nextSequence: 0,
    agentName: names.agentName(event.agentId) ?? 'Agent',
    taskTitle: names.taskTitle(event.taskId) ?? '',
    text: '',
    done: false,
    isSimulated,
  };
}

function replaceStream(streams: TokenStream[], updated: TokenStream): TokenStream[] {
  const index = streams.findIndex((stream) => stream.requestId === updated.requestId);
  return index === -1 ? [...streams, updated] : streams.map((stream, at) => (at === index ? updated : stream));
}

/** Drops the oldest finished streams first; running ones stay however many there are. */
function trimStreams(streams: TokenStream[]): TokenStream[] {
  let excess = streams.length - MAX_STREAMS;
  if (excess <= 0) return streams;
  return streams.filter((stream) => {
    if (excess > 0 && stream.done) {
      excess -= 1;
      return false;
    }
    return true;
  });
}

function appendLines(state: LiveActivity, lines: LogLine[]): LiveActivity {
  const known = new Set(state.logTail.slice(-lines.length - 50).map((line) => line.id));
  const fresh = lines.filter((line) => !known.has(line.id));
  if (fresh.length === 0) return state;
  const logTail = [...state.logTail, ...fresh];
  return { ...state, logTail: logTail.length > MAX_LOG_LINES ? logTail.slice(-MAX_LOG_LINES) : logTail };
}

/** A one-line account of a lifecycle event for the tail, or null for events that would only be noise there. */
export function lifecycleLine(event: QuarterdeckEvent, names: NameLookup): string | null {
  const task = names.taskTitle(event.taskId);
  const agent = names.agentName(event.agentId);
  switch (event.type) {
    case 'wave.started':
      return `Wave ${event.payload.waveNumber} started (${event.payload.taskCount} tasks)`;
    case 'wave.completed':
      return `Wave ${event.payload.waveNumber} completed`;
    case 'task.status_changed':
      return `${task ?? 'Task'}: ${event.payload.from} → ${event.payload.to}${event.payload.reason ? ` (${event.payload.reason})` : ''}`;
    case 'task.assigned':
      return `${task ?? 'Task'} assigned to ${event.payload.agentName}`;
    case 'session.started':
      return `${agent ?? 'Agent'} started attempt ${event.payload.attempt}${task ? ` at ${task}` : ''}`;
    case 'session.ended':
      return `${agent ?? 'Agent'} session ${event.payload.status}${event.payload.stopReason ? `: ${event.payload.stopReason}` : ''}`;
    case 'hitl.requested':
      return `Waiting for a person: ${event.payload.question}`;
    case 'hitl.responded':
      return `Review ${event.payload.status}${event.payload.responseContent ? `: ${event.payload.responseContent}` : ''}`;
    case 'artifact.created':
      return `Artifact ${event.payload.name} v${event.payload.version} stored`;
    case 'watchdog.finding':
      return `Watchdog: ${event.payload.rule} → ${event.payload.action}`;
    case 'run.completed':
    case 'run.started':
    case 'run.paused':
    case 'run.resumed':
    case 'run.failed':
    case 'run.cancelled':
      return humanizeEventType(event.type);
    default:
      return null;
  }
}

export type { EventSeverity };
