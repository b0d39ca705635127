import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { urlWithUser } from '../app-role';
import { createDb, type Db } from '../client';
import { TEST_APP_PASSWORD, TEST_APP_ROLE, withDatabase } from './global-setup';

export interface TestDatabase {
  /** Connection URL of this file's own database, as the owner of its tables (a superuser). */
  url: string;
  /** The same database as the application role: INSERT and SELECT on the event log, no UPDATE, DELETE, TRUNCATE or ALTER. */
  appUrl: string;
  /** A client over `url`. */
  db: Db;
  /** Closes the client and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own for one test file, cloned from the run's template
 * (a file-system copy inside Postgres: milliseconds, and no test sees another's rows).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const name = `qd_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`));
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { applicationName: 'quarterdeck-test' });
  return {
    url,
    appUrl: urlWithUser(url, TEST_APP_ROLE, TEST_APP_PASSWORD),
    db,
    drop: async () => {
      await db.$disconnect();
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
