import type { UserRole } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';
import type { Authentication } from './auth/authenticate';
import type { ApiLimits, RateLimiter } from './auth/rate-limiter';
import type { EventRelay } from './events/event-relay';

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
  /** This process's one LISTEN connection, fanning events out to subscriptions. */
  relay: EventRelay;
  rateLimiter: RateLimiter;
  limits: ApiLimits;
  /** Where people reach the dashboard (login links point here). */
  publicUrl: string;
}

const ANONYMOUS: Authentication = { caller: null, problem: 'A valid API token is required (Authorization: Bearer <token>).' };

/** `clientAddress` keys the per-address limits; in-process callers have none of their own. */
export function createContextInner(deps: ApiDeps, authentication: Authentication = ANONYMOUS, clientAddress = 'in-process') {
  return {
    ...deps,
    caller: authentication.caller,
    clientAddress,
    /** Why there is no caller (no token, revoked, expired…), said back to the client. */
    authProblem: authentication.caller ? null : authentication.problem,
    /** The token's own limit, capped by its role's ceiling. */
    rateLimitPerMinute: authentication.caller
      ? Math.min(authentication.rateLimitPerMinute, deps.limits.roleCeilings[authentication.caller.role])
      : 0,
  };
}

export type Context = ReturnType<typeof createContextInner>;
