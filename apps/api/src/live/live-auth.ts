import type { Authentication } from '../auth/authenticate';
import type { Caller } from '../context';

type LostListener = (problem: string) => void;

/**
 * The rights of one open connection (a WebSocket, an SSE stream), read on every call and
 * every frame rather than fixed when it connected. auth-watch.ts keeps it current: a new role
 * applies to the next call, and a revoked token, a disabled user or an expired token ends
 * every stream the connection holds (`onLost`).
 */
export class LiveAuth {
  #authentication: Authentication;
  readonly #lostListeners = new Set<LostListener>();

  constructor(authentication: Authentication) {
    this.#authentication = authentication;
  }

  /** Null once the rights are gone (or when there never were any). */
  get caller(): Caller | null {
    return this.#authentication.caller;
  }

  /** Why there is no caller, to say back to the client. */
  get problem(): string {
    return this.#authentication.caller ? '' : this.#authentication.problem;
  }

  get rateLimitPerMinute(): number {
    return this.#authentication.caller ? this.#authentication.rateLimitPerMinute : 0;
  }

  get expiresAt(): Date | null {
    return this.#authentication.caller ? this.#authentication.expiresAt : null;
  }

  /** Fired once, when a caller that had rights loses them. */
  onLost(listener: LostListener): () => void {
    this.#lostListeners.add(listener);
    return () => this.#lostListeners.delete(listener);
  }

  update(authentication: Authentication): void {
    const had = this.#authentication.caller !== null;
    this.#authentication = authentication;
    if (!had || authentication.caller) return;
    const listeners = [...this.#lostListeners];
    this.#lostListeners.clear();
    for (const listener of listeners) listener(authentication.problem);
  }
}
