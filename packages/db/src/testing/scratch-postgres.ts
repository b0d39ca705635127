import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../embedded-postgres';
import { applyMigrations } from '../migrations/index';
import { installQueueSchema } from '../queue-schema';
import { withDatabase } from './global-setup';
import { freePort } from './free-port';

export interface ScratchPostgres {
  /** A URL allowed to create databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * A Postgres for a test run or a benchmark: `externalUrl` (normally DATABASE_URL) when given,
 * otherwise an embedded server in a temporary folder on a free port, deleted on stop.
 */
export async function startScratchPostgres(externalUrl: string | undefined): Promise<ScratchPostgres> {
  if (externalUrl) return { adminUrl: externalUrl, stop: async () => {} };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quarterdeck-pg-'));
  // Under /tmp and world-enterable, so the `postgres` user can reach it when we run as root.
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates (or re-creates) database `name` on the server, migrated and with the queue schema. */
export async function createMigratedDatabase(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  await applyMigrations(url);
  await installQueueSchema(url);
  return {
    url,
    drop: async () => {
      const dropper = new pg.Client(adminUrl);
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
