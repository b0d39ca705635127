import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../embedded-postgres';
import { applyMigrations } from '../migrations/index';
import { installQueueSchema } from '../queue-schema';
import { freePort } from './free-port';

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
  let stopServer = async () => {};
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // Under /tmp so the `postgres` user can reach it when the tests run as root.
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quarterdeck-test-pg-'));
    chmodSync(dataDir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'data'), port: await freePort() });
    adminUrl = server.adminUrl;
    stopServer = async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }

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
    await stopServer();
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
