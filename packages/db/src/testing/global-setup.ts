import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureAppRole, grantAppPrivileges } from '../app-role';
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
 * The application role of every test database (granted on the template, so every clone has
 * it): a role that does not own the tables, as the API and worker connect in production.
 * Its password is fixed because the role is shared by every run on one server.
 */
export const TEST_APP_ROLE = 'quarterdeck_test_app';
export const TEST_APP_PASSWORD = 'quarterdeck-test-app';

/**
 * One Postgres per test run: `DATABASE_URL` when set (it must be allowed to create
 * databases and roles), otherwise an embedded server in a temporary folder. The schema is migrated
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
  await ensureAppRole(adminUrl, TEST_APP_ROLE, TEST_APP_PASSWORD);
  await grantAppPrivileges(withDatabase(adminUrl, templateDatabase), TEST_APP_ROLE);

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
