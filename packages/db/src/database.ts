import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';
import { StartupError } from './startup-error';

export interface DatabaseConfig {
  /** Use this Postgres; when absent, an embedded one is started. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded Postgres cluster (used only without databaseUrl). */
  dataDir: string;
  /** Port of the embedded Postgres. */
  embeddedPort: number;
  onLog?: (line: string) => void;
}

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'quarterdeck';

/**
 * Resolves the one Postgres Quarterdeck uses: `databaseUrl` when given (checked reachable),
 * otherwise the embedded server in `dataDir` with a `quarterdeck` database.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    await assertReachable(config.databaseUrl);
    return { url: config.databaseUrl, embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'pgdata'),
    port: config.embeddedPort,
    ...(config.onLog ? { onLog: config.onLog } : {}),
  });
  await ensureDatabaseExists(server.adminUrl, EMBEDDED_DATABASE);
  return { url: server.urlFor(EMBEDDED_DATABASE), embedded: true, stop: () => server.stop() };
}

export async function assertReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartupError(
      `Cannot connect to the database at ${redactUrl(url)} (${describePgError(error)}): check DATABASE_URL, or unset it to use the embedded Postgres.`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

export async function ensureDatabaseExists(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/** The URL with its password replaced, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

function describePgError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code ? `${code}: ${error.message}` : error.message || error.constructor.name;
  }
  return String(error);
}
