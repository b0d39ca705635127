import { deliveredEventHead, EVENTS_CHANNEL, readEventsAfter } from '@quarterdeck/db';
import pg from 'pg';
import type { Logger } from 'pino';
import { toLiveEvent, type LiveEvent } from './event-rows';

export type LiveEventListener = (event: LiveEvent) => void;

type RelayedRow = Parameters<typeof toLiveEvent>[0];

export interface EventRelayOptions {
  connectionString: string;
  logger: Logger;
  /** First reconnect delay after the connection drops; doubles up to maxReconnectDelayMs. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

const FETCH_BATCH = 1_000;

/**
 * One LISTEN connection per API process. A notification only says "ids up to N exist"; the
 * relay then reads every row after the last one it delivered (the row is the source of
 * truth, and ids become visible in commit order, so `id > last` never skips one) and hands
 * each event, in id order, to every listener. After a dropped connection (a Postgres
 * restart) it reconnects quietly and reads what it missed the same way.
 */
export class EventRelay {
  readonly #options: Required<EventRelayOptions>;
  readonly #listeners = new Set<LiveEventListener>();
  #client: pg.Client | null = null;
  #lastDelivered = 0n;
  #fetching: Promise<void> | null = null;
  #fetchAgain = false;
  #stopped = false;
  #connected = false;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #reconnectDelay: number;

  constructor(options: EventRelayOptions) {
    this.#options = { reconnectDelayMs: 100, maxReconnectDelayMs: 5_000, ...options };
    this.#reconnectDelay = this.#options.reconnectDelayMs;
  }

  /** The highest event id handed to listeners; a new subscriber without a cursor starts after it. */
  get lastDeliveredId(): bigint {
    return this.#lastDelivered;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  async start(): Promise<void> {
    await this.#connect();
    const client = this.#client;
    if (!client) throw new Error('The event relay could not connect.');
    this.#lastDelivered = await deliveredEventHead(client);
  }

  /** Listeners are called synchronously in id order; they must be quick (queue, don't work). */
  subscribe(listener: LiveEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#listeners.clear();
    const client = this.#client;
    this.#client = null;
    this.#connected = false;
    await this.#fetching?.catch(() => {});
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.connectionString, application_name: 'quarterdeck-api-events' });
    client.on('error', (error) => this.#onConnectionLost(client, error));
    client.on('end', () => this.#onConnectionLost(client, null));
    client.on('notification', () => this.#requestFetch());
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.#client = client;
    this.#connected = true;
    this.#reconnectDelay = this.#options.reconnectDelayMs;
  }

  #onConnectionLost(client: pg.Client, error: Error | null): void {
    if (this.#client !== client || this.#stopped) return;
    this.#client = null;
    this.#connected = false;
    this.#options.logger.warn({ err: error?.message }, 'event relay lost its database connection; reconnecting');
    client.end().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#reconnectTimer) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect().then(
        () => {
          this.#options.logger.info({ lastDeliveredId: String(this.#lastDelivered) }, 'event relay reconnected; reading missed events');
          this.#requestFetch();
        },
        () => {
          this.#reconnectDelay = Math.min(this.#reconnectDelay * 2, this.#options.maxReconnectDelayMs);
          this.#scheduleReconnect();
        },
      );
    }, this.#reconnectDelay);
  }

  /** Coalesces notifications: one read in flight at a time, and one more if any arrived meanwhile. */
  #requestFetch(): void {
    if (this.#fetching) {
      this.#fetchAgain = true;
      return;
    }
    this.#fetching = this.#fetchNew()
      .catch((error: unknown) => {
        // The connection's own error handler reconnects; the read is repeated after that.
        this.#options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'event relay read failed');
      })
      .finally(() => {
        this.#fetching = null;
        if (this.#fetchAgain && !this.#stopped) {
          this.#fetchAgain = false;
          this.#requestFetch();
        }
      });
  }

  async #fetchNew(): Promise<void> {
    for (;;) {
      const client = this.#client;
      if (!client || this.#stopped) return;
      const rows = await readEventsAfter(client, this.#lastDelivered, FETCH_BATCH);
      for (const row of rows) {
        this.#lastDelivered = BigInt(row.id);
        this.#deliver(row);
      }
      if (rows.length < FETCH_BATCH) return;
    }
  }

  #deliver(row: RelayedRow): void {
    let event: LiveEvent;
    try {
      event = toLiveEvent(row);
    } catch (error) {
      // A row that does not match the catalogue was written around createEventRecord; it
      // cannot be shown, and holding every later event back for it would be worse.
      this.#options.logger.error(
        { eventId: String(row.id), err: error instanceof Error ? error.message : String(error) },
        'event does not match the catalogue; not relayed',
      );
      return;
    }
    for (const listener of this.#listeners) listener(event);
  }
}
