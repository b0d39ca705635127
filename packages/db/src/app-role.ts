import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

// Least privilege for the event log: the API and worker processes connect as an application
// role that does not own any table. It may read and write the domain tables and the job
// queue, but on the event log only INSERT (of the writer's columns: no id, timestamp or hash)
// and SELECT; the checkpoints likewise; the delivered head only SELECT. Not owning the tables,
// it cannot ALTER them or disable their triggers either. Migrations and these grants run as
// the owner (which, with an external Postgres, must be a member of the application role to
// hand it graphile-worker's schema: GRANT <app role> TO <owner>).

/** The application role the embedded Postgres creates. */
export const EMBEDDED_APP_ROLE = 'quarterdeck_app';

const EVENT_WRITER_COLUMNS = 'type, severity, project_id, run_id, task_id, agent_id, session_id, payload';
const CHECKPOINT_WRITER_COLUMNS = 'event_id, event_hash, prev_signature, signature, created_at';

/** Creates the login role (or resets its password). Needs a URL allowed to create roles. */
export async function ensureAppRole(adminUrl: string, role: string, password: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const verb = exists.rowCount === 0 ? 'CREATE' : 'ALTER';
    await client.query(`${verb} ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${literal(password)}`);
  });
}

/**
 * Grants `role` what the application needs in the database at `ownerUrl`, and no more on the
 * event log. Idempotent; run after every migration (new tables get their grants then).
 */
export async function grantAppPrivileges(ownerUrl: string, role: string): Promise<void> {
  const r = ident(role);
  await withClient(ownerUrl, async (client) => {
    await client.query(`
      GRANT CONNECT ON DATABASE ${ident(await currentDatabase(client))} TO ${r};
      GRANT USAGE ON SCHEMA public TO ${r};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r};
      REVOKE ALL ON _prisma_migrations FROM ${r};
      REVOKE ALL ON events, event_checkpoints, event_log_head FROM ${r};
      GRANT SELECT ON events, event_checkpoints, event_log_head TO ${r};
      GRANT INSERT (${EVENT_WRITER_COLUMNS}) ON events TO ${r};
      GRANT INSERT (${CHECKPOINT_WRITER_COLUMNS}) ON event_checkpoints TO ${r};
    `);
    // graphile-worker's schema (installed by the owner before any worker starts) belongs to the
    // application role: its private tables have row-level security that only their owner
    // passes, and a worker must be able to run its jobs. It is the queue, not the audit trail.
    const queue = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'graphile_worker'`);
    if (queue.rowCount === 0) return;
    await client.query(`
      DO $$
      DECLARE object record;
      BEGIN
        EXECUTE 'ALTER SCHEMA graphile_worker OWNER TO ${r.replaceAll("'", "''")}';
        FOR object IN
          SELECT format('ALTER %s %s OWNER TO %s',
                        CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
                        c.oid::regclass, ${literal(role)}::regrole) AS statement
          FROM pg_class c
          WHERE c.relnamespace = 'graphile_worker'::regnamespace AND c.relkind IN ('r', 'p', 'v')
          UNION ALL
          SELECT format('ALTER ROUTINE %s OWNER TO %s', p.oid::regprocedure, ${literal(role)}::regrole)
          FROM pg_proc p WHERE p.pronamespace = 'graphile_worker'::regnamespace
          UNION ALL
          SELECT format('ALTER TYPE %s OWNER TO %s', t.oid::regtype, ${literal(role)}::regrole)
          FROM pg_type t
          WHERE t.typnamespace = 'graphile_worker'::regnamespace AND t.typtype IN ('c', 'e', 'd') AND t.typrelid = 0
        LOOP
          EXECUTE object.statement;
        END LOOP;
      END
      $$;
    `);
  });
}

/** `url` with another user and password. */
export function urlWithUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** The user name in a connection URL. */
export function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

/** The password kept in `file` (mode 0600), generated on first use. */
export function readOrCreateSecretFile(file: string, bytes = 24): string {
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(bytes).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  // Tighten a file someone loosened; the secret itself stays the same.
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}

async function currentDatabase(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ name: string }>('SELECT current_database() AS name');
  return rows[0]?.name ?? '';
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
