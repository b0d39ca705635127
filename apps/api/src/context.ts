import type { UserRole } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';

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
}

export function createContextInner(deps: ApiDeps, caller: Caller | null = null) {
  return { ...deps, caller };
}

export type Context = ReturnType<typeof createContextInner>;
