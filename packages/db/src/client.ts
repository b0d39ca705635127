import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface DbOptions {
  /** Pool size of the underlying `pg` pool. */
  maxConnections?: number;
  /** Postgres `application_name`, so `pg_stat_activity` tells the processes apart. */
  applicationName?: string;
}

/** A Prisma client over a `pg` pool (driver adapter: no native query engine). */
export function createDb(connectionString: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg({
    connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'quarterdeck',
  });
  return new PrismaClient({ adapter });
}
