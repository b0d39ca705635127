import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../migrations/index';
import { installQueueSchema } from '../queue-schema';
import { startScratchPostgres } from './scratch-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL with the right to CREATE DATABASE on the test server. */
    pgAdminUrl: string;
    /** A migrated database every test file clones its own database from. */
    templateDatabase: string;
  }
}

/**
 * One Postgres per test run: `DATABASE_URL` when set (it must be allowed to create
 * databases), otherwise an embedded server in a temporary folder. The schema is migrated
 * once into a template database; each test file clones it (see createTestDatabase).
 */
export default async function setup(project: TestProject) {
  const postgres = await startScratchPostgres(process.env.DATABASE_URL);
  const { adminUrl } = postgres;

  const templateDatabase = `quarterdeck_template_${process.pid}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  await applyMigrations(withDatabase(adminUrl, templateDatabase));
  await installQueueSchema(withDatabase(adminUrl, templateDatabase));

  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    const cleanup = new pg.Client(adminUrl);
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
    await cleanup.end();
    await postgres.stop();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
