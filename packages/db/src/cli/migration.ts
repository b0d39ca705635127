// `pnpm db:migration <name> [--draft]`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the migrations folder to schema.prisma (like `prisma migrate dev
// --create-only`). `--draft` writes an empty one for hand-written SQL (triggers, functions).
// The existing migrations are replayed on a scratch database that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../database';
import { readDatabaseEnv } from '../env';
import { createMigration } from '../migrations/index';
import { StartupError } from '../startup-error';
import { withDatabase } from '../testing/global-setup';
import { runCli } from './run-cli';

runCli(async () => {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const draft = args.includes('--draft');
  const name = args.find((arg) => !arg.startsWith('--'));
  if (!name) throw new StartupError('Name the migration: pnpm db:migration <name> [--draft].');

  const database = await openDatabase(readDatabaseEnv());
  const scratch = `quarterdeck_scratch_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(database.url);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${scratch}`);
    const folder = await createMigration(withDatabase(database.url, scratch), name, { draft });
    console.log(folder ? `Wrote ${folder}/migration.sql` : 'schema.prisma and the migrations already agree: nothing to write.');
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
    await admin.end();
    await database.stop();
  }
});
