import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import { freezeLiveEvent, type LiveEvent } from './event-rows';

/** The catalogue's limit on one llm.tokens text; a merged frame never exceeds it. */
const MAX_TEXT = 65_536;

type TokensEvent = LiveEvent & QuarterdeckEvent<'llm.tokens'>;

function isTokens(event: LiveEvent): event is TokensEvent {
  return event.type === 'llm.tokens';
}

/** One stream: the same LLM call in the same place, so every part matches the same subscribers. */
function streamKey(event: TokensEvent): string {
  return `${event.payload.requestId}|${event.projectId ?? ''}|${event.runId ?? ''}|${event.taskId ?? ''}|${event.agentId ?? ''}|${event.sessionId ?? ''}`;
}

interface Batch {
  parts: TokensEvent[];
  textLength: number;
}

/**
 * Holds llm.tokens events for up to `intervalMs` and merges consecutive batches of each
 * stream into one frame, so a token storm costs each subscriber one frame per stream per
 * interval instead of one per batch. The fan-out drains it before any other event goes
 * out, so other events never overtake tokens written before them.
 */
export class TokenCoalescer {
  readonly #intervalMs: number;
  readonly #onDue: () => void;
  readonly #open = new Map<string, Batch>();
  /** Batches that could not grow (text limit, a sequence gap) but are not sent yet. */
  #closed: Batch[] = [];
  #lowestPending: bigint | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(intervalMs: number, onDue: () => void) {
    this.#intervalMs = intervalMs;
    this.#onDue = onDue;
  }

  /** False for anything but llm.tokens: the caller sends it on at once. */
  add(event: LiveEvent): boolean {
    if (!isTokens(event)) return false;
    const key = streamKey(event);
    const open = this.#open.get(key);
    const last = open?.parts.at(-1);
    if (open && last && last.payload.sequence + 1 === event.payload.sequence && open.textLength + event.payload.text.length <= MAX_TEXT) {
      open.parts.push(event);
      open.textLength += event.payload.text.length;
    } else {
      if (open) this.#closed.push(open);
      this.#open.set(key, { parts: [event], textLength: event.payload.text.length });
    }
    this.#lowestPending ??= event.sequence;
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.#onDue();
    }, this.#intervalMs);
    return true;
  }

  /** The lowest id still held back, or null: a subscriber starting now must not begin above it. */
  get lowestPending(): bigint | null {
    return this.#lowestPending;
  }

  /** Everything held, one frame per batch, in the order of each frame's last id. */
  drain(): LiveEvent[] {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const batches = [...this.#closed, ...this.#open.values()];
    this.#closed = [];
    this.#open.clear();
    this.#lowestPending = null;
    return batches.map((batch) => mergeTokenBatches(batch.parts)).sort((a, b) => (a.sequence < b.sequence ? -1 : 1));
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

/** Consecutive batches of one stream as one frame: the texts joined, firstSequence … sequence, the last one's id. */
export function mergeTokenBatches(parts: readonly TokensEvent[]): LiveEvent {
  const [first] = parts;
  const last = parts.at(-1);
  if (!first || !last) throw new Error('Nothing to merge.');
  if (parts.length === 1) return first;
  const merged: QuarterdeckEvent<'llm.tokens'> = {
    ...last,
    payload: {
      requestId: last.payload.requestId,
      sequence: last.payload.sequence,
      firstSequence: first.payload.sequence,
      text: parts.map((part) => part.payload.text).join(''),
    },
  };
  return freezeLiveEvent(merged, last.sequence, parts);
}
