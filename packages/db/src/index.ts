export { createDb, type Db, type DbOptions } from './client';
export * from './generated/prisma/client';
export {
  appendEvent,
  appendEvents,
  deliveredEventHead,
  readEventsAfter,
  verifyEventChain,
  EVENTS_CHANNEL,
  type NewEvent,
  type AppendedEvent,
  type SqlRunner,
  type EventReadRunner,
  type EventRow,
  type ChainBreak,
} from './event-log';
export { prepareDatabase, UNPROTECTED_LOG_WARNING } from './prepare-database';
export { EMBEDDED_APP_ROLE, ensureAppRole, grantAppPrivileges, urlWithUser } from './app-role';
export * from './audit/index';
export { openDatabase, assertReachable, ensureDatabaseExists, redactUrl, type DatabaseConfig, type DatabaseHandle } from './database';
export { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';
export { applyMigrations, createMigration, diffMigrationsToSchema, defaultPrismaPaths, type PrismaPaths } from './migrations/index';
export { StartupError } from './startup-error';
export { assertPortFree } from './port';
export { readDatabaseEnv } from './env';
export { runCli } from './cli/run-cli';
export { installQueueSchema } from './queue-schema';
