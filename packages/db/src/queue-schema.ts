import { runMigrations } from 'graphile-worker';
import pg from 'pg';

/**
 * Installs (or upgrades) graphile-worker's own schema. Done with our migrations, before any
 * process starts, so that domain transactions can enqueue jobs with graphile_worker.add_job
 * even when no worker has run yet.
 */
export async function installQueueSchema(connectionString: string): Promise<void> {
  const pgPool = new pg.Pool({ connectionString, max: 1 });
  // An idle connection dropped by the server must not crash the process (pg emits 'error').
  pgPool.on('error', () => {});
  try {
    await runMigrations({ pgPool, logger: undefined });
  } finally {
    await pgPool.end();
  }
}
