import type { QuarterdeckEvent, SubscribeEventsInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { tracked, TRPCError, type TrackedEnvelope } from '@trpc/server';
import type { Logger } from 'pino';
import type { LiveAuth } from '../live/live-auth';
import { compileEventFilter, type EventFilter } from './event-filter';
import type { EventFanout, FanoutSubscriber } from './event-fanout';
import { firstSequenceOf, toLiveEvent, type LiveEvent } from './event-rows';
import { readEventsAfter } from './read-events';

const BACKFILL_PAGE = 500;
/**
 * Live events a subscriber may hold while it is reading the log. Nothing is dropped past
 * this: the held events are discarded and read back from the log instead.
 */
const DEFAULT_MAX_QUEUED = 5_000;
const RETRY_READ_MS = 1_000;

/**
 * Where a subscription's frames go: a WebSocket, an SSE response, or memory. Every method is
 * synchronous; writing a frame is the whole of the per-subscriber work on the hot path.
 */
export interface LiveSink {
  /**
   * Sends one event. `cursor` is the id the client resumes after once it has this frame
   * (normally the event's own). `onWritten` is called once the frame has left the process.
   */
  write(event: LiveEvent, cursor: bigint, onWritten?: () => void): void;
  /** What was written but not yet taken by the client (bytes for sockets, events in memory). */
  readonly unsent: number;
  /** Past this the client is too slow to follow live (QUARTERDECK_LIVE_MAX_BUFFERED_BYTES for sockets). */
  readonly limit: number;
  /** The client fell behind: end this delivery; it resumes after `cursor` (everything up to it was written). */
  fellBehind(cursor: bigint): void;
  /** The caller lost the right to read. */
  unauthorized(problem: string): void;
  /**
   * Only a sink that can take frames back (memory): discards what the client has not taken
   * and returns the cursor of the last frame it did take (null: none yet), so the
   * subscription reads the rest from the log instead of ending.
   */
  rewind?(): bigint | null;
}

export interface LiveSubscriptionDeps {
  db: Db;
  fanout: EventFanout;
  logger: Logger;
}

type State = 'idle' | 'catching-up' | 'live' | 'closed';

/**
 * One subscriber of the event stream: every event matching its filter, in id order, exactly
 * once. With a cursor it first reads the log after it, holding live events meanwhile; it is
 * attached to the fan-out BEFORE that read, so an event committed in between is in one or
 * the other (the overlap is dropped by id) and nothing falls in the gap. Then it is live:
 * the fan-out calls `deliver` synchronously and the frame goes straight to the sink.
 *
 * Memory stays bounded per subscriber: a client with more than the sink's limit unsent is too
 * slow to follow live, and is disconnected with its cursor so it resumes from the log, where
 * reading is paced by what the client takes.
 *
 * Returned by the `events.subscribe` procedure: the WebSocket and SSE transports start it
 * with their own sink; any other caller iterates it (an AsyncIterable of tracked events).
 */
export class LiveSubscription implements FanoutSubscriber, AsyncIterable<TrackedEnvelope<QuarterdeckEvent>> {
  readonly channels: SubscribeEventsInput['channels'];
  readonly projectId: string | undefined;
  readonly #deps: LiveSubscriptionDeps;
  readonly #auth: LiveAuth;
  readonly #filter: EventFilter;
  readonly #lastEventId: bigint | null;
  readonly #maxQueued: number;
  #state: State = 'idle';
  #sink: LiveSink | null = null;
  /** Every matching event up to this id has been written to the sink. */
  #cursor = 0n;
  #startCursor = 0n;
  /** Live events that arrived while the log was being read. */
  #held: LiveEvent[] = [];
  #heldOverflowed = false;
  /** Which read of the log is current: a rewind starts a new one, and an older one stops at its next step. */
  #generation = 0;
  #stopAuthWatch: (() => void) | null = null;
  readonly #stopped: Promise<void>;
  #resolveStopped: () => void = () => {};

  constructor(
    deps: LiveSubscriptionDeps,
    input: SubscribeEventsInput,
    auth: LiveAuth,
    signal?: AbortSignal,
    { maxQueued = DEFAULT_MAX_QUEUED }: { maxQueued?: number } = {},
  ) {
    this.#deps = deps;
    this.#auth = auth;
    this.channels = input.channels;
    this.projectId = input.projectId;
    this.#filter = compileEventFilter(input);
    this.#lastEventId = input.lastEventId === undefined || input.lastEventId === null ? null : BigInt(input.lastEventId);
    this.#maxQueued = maxQueued;
    this.#stopped = new Promise((resolve) => {
      this.#resolveStopped = resolve;
    });
    signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** The id after which a client that reconnects now would resume. */
  get cursor(): bigint {
    return this.#cursor;
  }

  get isClosed(): boolean {
    return this.#state === 'closed';
  }

  /** Starts delivering to `sink`: from the log after the input's lastEventId, else live from now. */
  start(sink: LiveSink): void {
    if (this.#state !== 'idle') throw new Error('A live subscription is started once.');
    this.#sink = sink;
    this.#stopAuthWatch = this.#auth.onLost((problem) => this.#endUnauthorized(problem));
    this.#deps.fanout.attach(this);
    this.#startCursor = this.#lastEventId ?? this.#deps.fanout.liveFrom;
    this.#cursor = this.#startCursor;
    if (this.#lastEventId === null) this.#state = 'live';
    else void this.#catchUp();
  }

  stop(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#held = [];
    this.#deps.fanout.detach(this);
    this.#stopAuthWatch?.();
    this.#resolveStopped();
  }

  accepts(event: LiveEvent): boolean {
    return this.#filter.matches(event);
  }

  deliver(event: LiveEvent): void {
    this.#receive([event]);
  }

  deliverBurst(events: readonly LiveEvent[]): void {
    this.#receive(events);
  }

  #receive(frames: readonly LiveEvent[]): void {
    const sink = this.#sink;
    if (!sink || this.#state === 'closed' || this.#state === 'idle') return;
    // Rights are checked on every frame, not only when the connection opened.
    if (this.#auth.caller === null) {
      this.#endUnauthorized(this.#auth.problem);
      return;
    }
    if (this.#state === 'catching-up') {
      for (const frame of frames) this.#hold(frame);
      return;
    }
    this.#sendAll(frames);
  }

  #hold(event: LiveEvent): void {
    if (this.#heldOverflowed) return;
    if (this.#held.length >= this.#maxQueued) {
      this.#held = [];
      this.#heldOverflowed = true;
      return;
    }
    this.#held.push(event);
  }

  /**
   * Frames in order of their last id. A merged token frame may reach below the last id of the
   * frame before it (two streams interleaved), so a frame's cursor never passes the first id
   * still to come in this list: a client cut off mid-list resumes without a gap.
   */
  #sendAll(frames: readonly LiveEvent[]): void {
    const laterFirst: (bigint | null)[] = new Array<bigint | null>(frames.length);
    let lowest: bigint | null = null;
    for (let index = frames.length - 1; index >= 0; index -= 1) {
      laterFirst[index] = lowest;
      const frame = frames[index];
      if (frame === undefined) continue;
      const first = firstSequenceOf(frame);
      if (lowest === null || first < lowest) lowest = first;
    }
    for (let index = 0; index < frames.length && this.#state === 'live'; index += 1) {
      const frame = frames[index];
      if (frame !== undefined) this.#send(frame, laterFirst[index] ?? null);
    }
  }

  #send(frame: LiveEvent, laterFirst: bigint | null): void {
    const sink = this.#sink;
    if (!sink || frame.sequence <= this.#cursor) return;
    // A merged frame whose first parts the log read already sent: send the rest one by one.
    const pieces =
      frame.parts && firstSequenceOf(frame) <= this.#cursor ? frame.parts.filter((part) => part.sequence > this.#cursor) : [frame];
    for (const piece of pieces) {
      const bound = laterFirst === null || piece.sequence < laterFirst ? piece.sequence : laterFirst - 1n;
      const cursor = bound > this.#cursor ? bound : this.#cursor;
      sink.write(piece, cursor);
      this.#cursor = cursor;
      if (sink.unsent > sink.limit) {
        this.#fellBehind(sink);
        return;
      }
    }
  }

  #fellBehind(sink: LiveSink): void {
    if (sink.rewind) {
      this.#cursor = sink.rewind() ?? this.#startCursor;
      void this.#catchUp();
      return;
    }
    const cursor = this.#cursor;
    this.stop();
    sink.fellBehind(cursor);
  }

  #endUnauthorized(problem: string): void {
    if (this.#state === 'closed') return;
    const sink = this.#sink;
    this.stop();
    sink?.unauthorized(problem);
  }

  async #catchUp(): Promise<void> {
    this.#state = 'catching-up';
    this.#generation += 1;
    const generation = this.#generation;
    for (;;) {
      this.#held = [];
      this.#heldOverflowed = false;
      const caughtUp = await this.#readLog(generation);
      if (!this.#isCurrent(generation)) return;
      if (!caughtUp) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_READ_MS));
        if (!this.#isCurrent(generation)) return;
        continue;
      }
      if (this.#heldOverflowed) continue;
      const held = this.#held;
      this.#held = [];
      this.#state = 'live';
      this.#sendAll(held);
      return;
    }
  }

  /** A method, not a field read, because the state changes across the awaits of the log read. */
  #isCurrent(generation: number): boolean {
    return this.#state === 'catching-up' && this.#generation === generation;
  }

  /** Sends the log after the cursor as fast as the client takes it; false if a read failed. */
  async #readLog(generation: number): Promise<boolean> {
    for (;;) {
      let rows: Awaited<ReturnType<typeof readEventsAfter>>;
      try {
        rows = await readEventsAfter(this.#deps.db, this.#filter.where, this.#cursor, BACKFILL_PAGE);
      } catch (error) {
        // A Postgres restart: live events are held meanwhile (or read back if too many), then reading resumes.
        this.#deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'event back-fill read failed; retrying');
        return false;
      }
      const sink = this.#sink;
      if (!this.#isCurrent(generation) || !sink) return true;
      if (this.#auth.caller === null) {
        this.#endUnauthorized(this.#auth.problem);
        return true;
      }
      for (const row of rows) {
        const event = this.#readable(row);
        const id = BigInt(row.id);
        this.#cursor = id;
        if (!event) continue;
        let written: () => void = () => {};
        const flushed = new Promise<void>((resolve) => (written = resolve));
        sink.write(event, id, written);
        // Flow control: past half the bound, wait until the client has taken this frame.
        if (sink.unsent > sink.limit / 2) {
          await Promise.race([flushed, this.#stopped]);
          if (!this.#isCurrent(generation)) return true;
        }
      }
      if (rows.length < BACKFILL_PAGE) return true;
    }
  }

  #readable(row: Parameters<typeof toLiveEvent>[0]): LiveEvent | null {
    try {
      return toLiveEvent(row);
    } catch (error) {
      this.#deps.logger.error(
        { eventId: String(row.id), err: error instanceof Error ? error.message : String(error) },
        'event does not match the catalogue; skipped',
      );
      return null;
    }
  }

  /** For callers that are not one of the live transports (in-process callers, tests): events as they come. */
  async *[Symbol.asyncIterator](): AsyncGenerator<TrackedEnvelope<QuarterdeckEvent>, void, unknown> {
    const sink = new MemorySink(this.#maxQueued, this.#stopped);
    this.start(sink);
    try {
      for (;;) {
        const next = await sink.take();
        if (next === null) return;
        yield tracked(next.cursor.toString(), next.event);
      }
    } finally {
      this.stop();
    }
  }
}

interface Pending {
  event: LiveEvent;
  cursor: bigint;
  onWritten: (() => void) | undefined;
}

/** The sink behind the AsyncIterable: a queue the iterator takes from, read back from the log when it grows too long. */
class MemorySink implements LiveSink {
  readonly limit: number;
  #items: Pending[] = [];
  #taken: bigint | null = null;
  #wake: (() => void) | null = null;
  #ended: TRPCError | 'done' | null = null;

  constructor(limit: number, stopped: Promise<void>) {
    this.limit = limit;
    void stopped.then(() => {
      this.#ended ??= 'done';
      this.#wake?.();
    });
  }

  get unsent(): number {
    return this.#items.length;
  }

  write(event: LiveEvent, cursor: bigint, onWritten?: () => void): void {
    this.#items.push({ event, cursor, onWritten });
    this.#wake?.();
  }

  rewind(): bigint | null {
    const dropped = this.#items;
    this.#items = [];
    // Lets a log read waiting on one of them move on (and see it was superseded).
    for (const item of dropped) item.onWritten?.();
    return this.#taken;
  }

  fellBehind(): void {
    this.#ended ??= 'done';
    this.#wake?.();
  }

  unauthorized(problem: string): void {
    this.#ended ??= new TRPCError({ code: 'UNAUTHORIZED', message: problem });
    this.#wake?.();
  }

  async take(): Promise<Pending | null> {
    for (;;) {
      const next = this.#items.shift();
      if (next) {
        this.#taken = next.cursor;
        next.onWritten?.();
        return next;
      }
      if (this.#ended === 'done') return null;
      if (this.#ended) throw this.#ended;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = null;
    }
  }
}
