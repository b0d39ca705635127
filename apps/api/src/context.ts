import type { UserRole } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';
import type { Authentication } from './auth/authenticate';
import type { ApiLimits, RateLimiter } from './auth/rate-limiter';
import type { EventFanout } from './events/event-fanout';
import type { EventRelay } from './events/event-relay';
import { LiveAuth } from './live/live-auth';

/** Who is calling: resolved from the bearer token by the transport (HTTP header, WS params). */
export interface Caller {
  userId: string;
  tokenId: string;
  role: UserRole;
}

/** Everything a procedure may use. Transport-free, so tests and callers build it directly. */
export interface ApiDeps {
  db: Db;
  logger: Logger;
  catalog: TemplateCatalog;
  /** This process's one LISTEN connection: reads each new event once and publishes it to `fanout`. */
  relay: EventRelay;
  /** Every live subscription of this process (tRPC over WebSocket and SSE, the plain /ws socket). */
  fanout: EventFanout;
  rateLimiter: RateLimiter;
  limits: ApiLimits;
  /** Where people reach the dashboard (login links point here). */
  publicUrl: string;
}

const ANONYMOUS: Authentication = { caller: null, problem: 'A valid API token is required (Authorization: Bearer <token>).' };

/**
 * The context of one HTTP request: its rights are resolved once, for that request.
 * `clientAddress` keys the per-address limits; in-process callers have none of their own.
 */
export function createContextInner(deps: ApiDeps, authentication: Authentication = ANONYMOUS, clientAddress = 'in-process') {
  return createConnectionContext(deps, new LiveAuth(authentication), clientAddress);
}

/**
 * The context of a connection that outlives one call (a WebSocket, an SSE stream): `caller`
 * is read from its LiveAuth on every call, so a revoked token or a new role applies to the
 * next call on a socket that is already open.
 */
export function createConnectionContext(deps: ApiDeps, auth: LiveAuth, clientAddress = 'in-process') {
  return {
    ...deps,
    auth,
    clientAddress,
    get caller(): Caller | null {
      return auth.caller;
    },
    /** Why there is no caller (no token, revoked, expired…), said back to the client. */
    get authProblem(): string | null {
      return auth.caller ? null : auth.problem;
    },
    /** The token's own limit, capped by its role's ceiling. */
    get rateLimitPerMinute(): number {
      const caller = auth.caller;
      return caller ? Math.min(auth.rateLimitPerMinute, deps.limits.roleCeilings[caller.role]) : 0;
    },
  };
}

export type Context = ReturnType<typeof createConnectionContext>;
