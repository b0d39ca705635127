import type { Db } from '@quarterdeck/db';
import pg from 'pg';
import type { Logger } from 'pino';
import { AUTH_CHANGES_CHANNEL, parseAuthChange, type AuthChange } from '../auth/auth-changes';
import { reauthenticate } from '../auth/authenticate';
import type { LiveAuth } from './live-auth';

export interface AuthWatchOptions {
  db: Db;
  connectionString: string;
  logger: Logger;
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
}

/** setTimeout's limit; a later expiry is re-armed when this fires. */
const MAX_TIMER_MS = 2_147_000_000;
const RECHECK_CHUNK = 500;

/**
 * Keeps the rights of every open connection of this API process current. It LISTENs on
 * `quarterdeck_auth`, where the transaction that revokes a token, disables a user or changes
 * a role notifies at commit, and re-checks the connections of that token or user against the
 * database: a lost right ends their streams, a new role applies to their next call. Tokens
 * that expire while connected end on a timer; after a lost connection to Postgres every open
 * connection is re-checked, since notifications sent meanwhile are gone.
 */
export class AuthWatch {
  readonly #options: Required<AuthWatchOptions>;
  readonly #byToken = new Map<string, Set<LiveAuth>>();
  readonly #byUser = new Map<string, Set<LiveAuth>>();
  readonly #expiryTimers = new Map<LiveAuth, NodeJS.Timeout>();
  #client: pg.Client | null = null;
  #stopped = false;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #reconnectDelay: number;

  constructor(options: AuthWatchOptions) {
    this.#options = { reconnectDelayMs: 100, maxReconnectDelayMs: 5_000, ...options };
    this.#reconnectDelay = this.#options.reconnectDelayMs;
  }

  async start(): Promise<void> {
    await this.#connect();
  }

  /** Watches a connection's rights while it is open; call the returned function when it closes. */
  watch(auth: LiveAuth): () => void {
    const caller = auth.caller;
    if (!caller) return () => {};
    addTo(this.#byToken, caller.tokenId, auth);
    addTo(this.#byUser, caller.userId, auth);
    this.#armExpiry(auth);
    return () => {
      removeFrom(this.#byToken, caller.tokenId, auth);
      removeFrom(this.#byUser, caller.userId, auth);
      const timer = this.#expiryTimers.get(auth);
      if (timer) clearTimeout(timer);
      this.#expiryTimers.delete(auth);
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    for (const timer of this.#expiryTimers.values()) clearTimeout(timer);
    this.#expiryTimers.clear();
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => {});
  }

  /** Re-checks the connections a change concerns (also what a notification triggers). */
  async apply(change: AuthChange): Promise<void> {
    const affected = 'tokenId' in change ? this.#byToken.get(change.tokenId) : this.#byUser.get(change.userId);
    if (affected && affected.size > 0) await this.#recheck([...affected]);
  }

  #armExpiry(auth: LiveAuth): void {
    const expiresAt = auth.expiresAt;
    if (!expiresAt) return;
    const timer = setTimeout(
      () => {
        this.#expiryTimers.delete(auth);
        if (expiresAt.getTime() > Date.now()) this.#armExpiry(auth);
        else auth.update({ caller: null, problem: 'The API token has expired.' });
      },
      Math.min(Math.max(expiresAt.getTime() - Date.now(), 0), MAX_TIMER_MS),
    );
    timer.unref();
    this.#expiryTimers.set(auth, timer);
  }

  async #recheck(auths: readonly LiveAuth[]): Promise<void> {
    for (let start = 0; start < auths.length; start += RECHECK_CHUNK) {
      const chunk = auths.slice(start, start + RECHECK_CHUNK);
      const tokenIds = [...new Set(chunk.flatMap((auth) => (auth.caller ? [auth.caller.tokenId] : [])))];
      if (tokenIds.length === 0) continue;
      const now = await reauthenticate(this.#options.db, tokenIds);
      for (const auth of chunk) {
        const tokenId = auth.caller?.tokenId;
        const authentication = tokenId === undefined ? undefined : now.get(tokenId);
        if (authentication) auth.update(authentication);
      }
    }
  }

  #recheckAll(): void {
    const all = [...new Set([...this.#byToken.values()].flatMap((set) => [...set]))];
    this.#recheck(all).catch((error: unknown) => this.#logFailure(error, 'auth re-check after reconnect failed'));
  }

  #onNotification(payload: string | undefined): void {
    let change: AuthChange | null;
    try {
      change = parseAuthChange(payload);
    } catch (error) {
      this.#logFailure(error, 'unreadable auth notification ignored');
      return;
    }
    if (!change) return;
    this.apply(change).catch((error: unknown) => {
      this.#logFailure(error, 'auth re-check failed; re-checking every connection');
      this.#recheckAll();
    });
  }

  #logFailure(error: unknown, message: string): void {
    this.#options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.connectionString, application_name: 'quarterdeck-api-auth' });
    client.on('error', (error) => this.#onConnectionLost(client, error));
    client.on('end', () => this.#onConnectionLost(client, null));
    client.on('notification', (message) => {
      if (message.channel === AUTH_CHANGES_CHANNEL) this.#onNotification(message.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${AUTH_CHANGES_CHANNEL}`);
    this.#client = client;
    this.#reconnectDelay = this.#options.reconnectDelayMs;
  }

  #onConnectionLost(client: pg.Client, error: Error | null): void {
    if (this.#client !== client || this.#stopped) return;
    this.#client = null;
    this.#options.logger.warn({ err: error?.message }, 'auth watch lost its database connection; reconnecting');
    client.end().catch(() => {});
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#reconnectTimer) return;
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#connect().then(
        () => this.#recheckAll(),
        () => {
          this.#reconnectDelay = Math.min(this.#reconnectDelay * 2, this.#options.maxReconnectDelayMs);
          this.#scheduleReconnect();
        },
      );
    }, this.#reconnectDelay);
  }
}

function addTo(map: Map<string, Set<LiveAuth>>, key: string, auth: LiveAuth): void {
  const set = map.get(key);
  if (set) set.add(auth);
  else map.set(key, new Set([auth]));
}

function removeFrom(map: Map<string, Set<LiveAuth>>, key: string, auth: LiveAuth): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(auth);
  if (set.size === 0) map.delete(key);
}
