// Is this error the database being unreachable (down, restarting, refusing connections), as
// opposed to a bug or a bad query? Such a request gets 503 with Retry-After, never a 500:
// the same request succeeds once Postgres is back.

/** Prisma's codes for "cannot reach / lost / timed out waiting for" the server. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Kinds of @prisma/driver-adapter-utils' DriverAdapterError that mean the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** Node's socket errors and Postgres SQLSTATEs of class 08 (connection) and 57P0x (shutting down, starting up). */
const CONNECTION_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|08\d{3}|08P01|57P0[1-4])$/;
const CONNECTION_MESSAGES =
  /Can't reach database server|Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down)|Client has encountered a connection error/i;

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

export function isDatabaseUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current !== undefined && current !== null && !seen.has(current); current = fieldOf(current, 'cause')) {
    seen.add(current);
    const code = fieldOf(current, 'code');
    if (typeof code === 'string' && (PRISMA_CODES.has(code) || CONNECTION_CODES.test(code))) return true;
    const kind = fieldOf(fieldOf(fieldOf(fieldOf(current, 'meta'), 'driverAdapterError'), 'cause'), 'kind');
    if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
    const adapterKind = fieldOf(fieldOf(current, 'cause'), 'kind');
    if (typeof adapterKind === 'string' && ADAPTER_KINDS.has(adapterKind)) return true;
    const message = fieldOf(current, 'message');
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
  }
  return false;
}

/** How long a client should wait before retrying a request that met an outage. */
export const OUTAGE_RETRY_AFTER_SECONDS = 5;
