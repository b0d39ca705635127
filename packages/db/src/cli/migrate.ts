// `pnpm db:migrate`: applies pending migrations to the configured database (embedded unless
// DATABASE_URL is set), like `prisma migrate deploy`, with no engine download, as the owner
// (QUARTERDECK_OWNER_DATABASE_URL when set), then grants the application role its privileges.
import { openDatabase } from '../database';
import { readDatabaseEnv } from '../env';
import { prepareDatabase, UNPROTECTED_LOG_WARNING } from '../prepare-database';
import { runCli } from './run-cli';

runCli(async () => {
  const database = await openDatabase(readDatabaseEnv());
  try {
    if (!database.appRole) console.warn(`Warning: ${UNPROTECTED_LOG_WARNING}`);
    const applied = await prepareDatabase(database);
    console.log(applied.length === 0 ? 'Database is up to date.' : `Applied: ${applied.join(', ')}`);
  } finally {
    await database.stop();
  }
});
