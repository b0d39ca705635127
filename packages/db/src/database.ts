import path from 'node:path';
import pg from 'pg';
import { EMBEDDED_APP_ROLE, ensureAppRole, readOrCreateSecretFile, urlWithUser, userOf } from './app-role';
import { startEmbeddedPostgres } from './embedded-postgres';
import { StartupError } from './startup-error';

export interface DatabaseConfig {
  /** Use this Postgres; when absent, an embedded one is started. The application connects with it. */
  databaseUrl?: string | undefined;
  /** With databaseUrl: the owner of the tables, for migrations (the application role then cannot alter the event log). */
  ownerDatabaseUrl?: string | undefined;
  /** The event log's audit key (QUARTERDECK_AUDIT_KEY); when absent, the data folder's `audit.key`. */
  auditKey?: string | undefined;
  /** Data folder: the embedded Postgres cluster (used only without databaseUrl), the app role's password, the audit key. */
  dataDir: string;
  /** Port of the embedded Postgres. */
  embeddedPort: number;
  onLog?: (line: string) => void;
}

export interface DatabaseHandle {
  /** The owner's URL: migrations, grants, maintenance. */
  url: string;
  /** What the API and worker connect with: the application role, or `url` when there is no separate one. */
  appUrl: string;
  /** The application role to grant privileges to, or null when the application connects as the owner. */
  appRole: string | null;
  embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'quarterdeck';

/**
 * Resolves the one Postgres Quarterdeck uses: `databaseUrl` when given (checked reachable),
 * otherwise the embedded server in `dataDir` with a `quarterdeck` database.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.ownerDatabaseUrl && !config.databaseUrl) {
    throw new StartupError('QUARTERDECK_OWNER_DATABASE_URL is set without DATABASE_URL: set DATABASE_URL to the application role too.');
  }
  if (config.databaseUrl) {
    await assertReachable(config.databaseUrl);
    const ownerUrl = config.ownerDatabaseUrl ?? config.databaseUrl;
    if (config.ownerDatabaseUrl) await assertReachable(config.ownerDatabaseUrl);
    const separate = userOf(ownerUrl) !== userOf(config.databaseUrl);
    return {
      url: ownerUrl,
      appUrl: config.databaseUrl,
      appRole: separate ? userOf(config.databaseUrl) : null,
      embedded: false,
      stop: async () => {},
    };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'pgdata'),
    port: config.embeddedPort,
    ...(config.onLog ? { onLog: config.onLog } : {}),
  });
  await ensureDatabaseExists(server.adminUrl, EMBEDDED_DATABASE);
  // The application role's password lives beside the cluster, readable by this user only.
  const appPassword = readOrCreateSecretFile(path.join(config.dataDir, 'app-role.password'));
  await ensureAppRole(server.adminUrl, EMBEDDED_APP_ROLE, appPassword);
  const url = server.urlFor(EMBEDDED_DATABASE);
  return {
    url,
    appUrl: urlWithUser(url, EMBEDDED_APP_ROLE, appPassword),
    appRole: EMBEDDED_APP_ROLE,
    embedded: true,
    stop: () => server.stop(),
  };
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
