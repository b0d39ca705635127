// `pnpm db:migrate`: applies pending migrations to the configured database (embedded unless
// DATABASE_URL is set), like `prisma migrate deploy`, with no engine download.
import { openDatabase } from '../database';
import { readDatabaseEnv } from '../env';
import { applyMigrations } from '../migrations/index';
import { installQueueSchema } from '../queue-schema';
import { runCli } from './run-cli';

runCli(async () => {
  const database = await openDatabase(readDatabaseEnv());
  try {
    const applied = await applyMigrations(database.url);
    await installQueueSchema(database.url);
    console.log(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
  } finally {
    await database.stop();
  }
});
