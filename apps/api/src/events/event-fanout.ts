import { channelOfEventType, type Channel } from '@quarterdeck/contracts';
import type { Logger } from 'pino';
import type { LiveEvent } from './event-rows';
import { TokenCoalescer } from './token-coalescer';

/** What the fan-out needs of a subscriber: where to index it, and two synchronous deliveries. */
export interface FanoutSubscriber {
  readonly channels: readonly Channel[];
  /** Indexed by project when set, so another project's events never touch it. */
  readonly projectId: string | undefined;
  /** The rest of its filter (run, agent, session). */
  accepts(event: LiveEvent): boolean;
  deliver(event: LiveEvent): void;
  /** Several frames that went out together (merged token streams), oldest last id first. */
  deliverBurst(events: readonly LiveEvent[]): void;
}

interface ChannelSubscribers {
  /** Subscribers of the channel in every project. */
  everywhere: Set<FanoutSubscriber>;
  byProject: Map<string, Set<FanoutSubscriber>>;
}

export interface EventFanoutOptions {
  /** How long llm.tokens events are held to be merged per stream; 0 sends each at once. */
  tokenCoalesceMs: number;
  /** The last id the relay has handed over (a subscriber with no cursor starts after it). */
  lastRelayedId: () => bigint;
  logger: Logger;
}

/**
 * The one fan-out of a process: the relay publishes each event once; subscribers are indexed
 * by channel and project, so an event reaches only the subscribers it can match, and each
 * delivery is a synchronous call (no per-subscriber promise, queue or generator on the hot
 * path). tRPC over WebSocket and SSE and the plain /ws socket all subscribe here.
 */
export class EventFanout {
  readonly #channels = new Map<Channel, ChannelSubscribers>();
  readonly #coalescer: TokenCoalescer | null;
  readonly #lastRelayedId: () => bigint;
  readonly #logger: Logger;
  #subscriberCount = 0;

  constructor(options: EventFanoutOptions) {
    this.#lastRelayedId = options.lastRelayedId;
    this.#logger = options.logger;
    this.#coalescer = options.tokenCoalesceMs > 0 ? new TokenCoalescer(options.tokenCoalesceMs, () => this.#flushTokens()) : null;
  }

  get subscriberCount(): number {
    return this.#subscriberCount;
  }

  /** A subscriber without a cursor sends events after this id (held-back tokens included). */
  get liveFrom(): bigint {
    const held = this.#coalescer?.lowestPending;
    return held === null || held === undefined ? this.#lastRelayedId() : held - 1n;
  }

  attach(subscriber: FanoutSubscriber): void {
    for (const channel of subscriber.channels) {
      let entry = this.#channels.get(channel);
      if (!entry) {
        entry = { everywhere: new Set(), byProject: new Map() };
        this.#channels.set(channel, entry);
      }
      if (subscriber.projectId === undefined) {
        entry.everywhere.add(subscriber);
        continue;
      }
      let project = entry.byProject.get(subscriber.projectId);
      if (!project) {
        project = new Set();
        entry.byProject.set(subscriber.projectId, project);
      }
      project.add(subscriber);
    }
    this.#subscriberCount += 1;
  }

  detach(subscriber: FanoutSubscriber): void {
    let found = false;
    for (const channel of subscriber.channels) {
      const entry = this.#channels.get(channel);
      if (!entry) continue;
      if (subscriber.projectId === undefined) {
        found = entry.everywhere.delete(subscriber) || found;
        continue;
      }
      const project = entry.byProject.get(subscriber.projectId);
      if (!project) continue;
      found = project.delete(subscriber) || found;
      if (project.size === 0) entry.byProject.delete(subscriber.projectId);
    }
    if (found) this.#subscriberCount -= 1;
  }

  /** Called by the relay for every event, in id order. */
  publish(event: LiveEvent): void {
    if (this.#coalescer?.add(event)) return;
    this.#flushTokens();
    const entry = this.#channels.get(channelOfEventType(event.type));
    if (!entry) return;
    for (const subscriber of entry.everywhere) if (subscriber.accepts(event)) this.#deliver(subscriber, [event]);
    if (event.projectId === undefined) return;
    const project = entry.byProject.get(event.projectId);
    if (project) for (const subscriber of project) if (subscriber.accepts(event)) this.#deliver(subscriber, [event]);
  }

  stop(): void {
    this.#coalescer?.stop();
    this.#channels.clear();
    this.#subscriberCount = 0;
  }

  #flushTokens(): void {
    const coalescer = this.#coalescer;
    if (!coalescer || coalescer.lowestPending === null) return;
    const frames = coalescer.drain();
    const entry = this.#channels.get('tokens');
    if (!entry) return;
    const bursts = new Map<FanoutSubscriber, LiveEvent[]>();
    const add = (subscriber: FanoutSubscriber, frame: LiveEvent) => {
      if (!subscriber.accepts(frame)) return;
      const burst = bursts.get(subscriber);
      if (burst) burst.push(frame);
      else bursts.set(subscriber, [frame]);
    };
    for (const frame of frames) {
      for (const subscriber of entry.everywhere) add(subscriber, frame);
      const project = frame.projectId === undefined ? undefined : entry.byProject.get(frame.projectId);
      if (project) for (const subscriber of project) add(subscriber, frame);
    }
    for (const [subscriber, burst] of bursts) this.#deliver(subscriber, burst);
  }

  /** One subscriber's failure (a transport bug) must not stop the relay's delivery to everyone else. */
  #deliver(subscriber: FanoutSubscriber, events: readonly LiveEvent[]): void {
    try {
      const [only] = events;
      if (events.length === 1 && only) subscriber.deliver(only);
      else subscriber.deliverBurst(events);
    } catch (error) {
      this.detach(subscriber);
      this.#logger.error({ err: error }, 'a live subscriber failed and was dropped');
    }
  }
}
