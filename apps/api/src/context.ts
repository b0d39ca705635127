import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';

/** Everything a procedure may use. Transport-free, so tests and callers build it directly. */
export interface ApiDeps {
  db: Db;
  logger: Logger;
}

export function createContextInner(deps: ApiDeps) {
  return { ...deps };
}

export type Context = ReturnType<typeof createContextInner>;
