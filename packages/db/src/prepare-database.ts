import { grantAppPrivileges } from './app-role';
import type { DatabaseHandle } from './database';
import { applyMigrations } from './migrations/index';
import { installQueueSchema } from './queue-schema';

/**
 * Brings the database up to date as its owner: pending migrations, graphile-worker's schema,
 * then the application role's grants (which new tables need). Returns the migrations applied.
 */
export async function prepareDatabase(database: Pick<DatabaseHandle, 'url' | 'appRole'>): Promise<string[]> {
  const applied = await applyMigrations(database.url);
  await installQueueSchema(database.url);
  if (database.appRole) await grantAppPrivileges(database.url, database.appRole);
  return applied;
}

/** Said once at start-up when the application connects as the owner of the tables. */
export const UNPROTECTED_LOG_WARNING =
  'The application connects to Postgres as the owner of the tables, so the event log is not protected: anyone with that connection can alter or disable its triggers. Set DATABASE_URL to a role that does not own the tables and QUARTERDECK_OWNER_DATABASE_URL to the owner (see the README).';
