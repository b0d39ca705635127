import type { Prisma } from '@quarterdeck/db';

/** The Postgres channel on which a change to a token's or user's rights reaches every API process. */
export const AUTH_CHANGES_CHANNEL = 'quarterdeck_auth';

/** Whose open sockets and streams must be checked again: one token's, or every token of one user. */
export type AuthChange = { tokenId: string } | { userId: string };

/**
 * Announces a revocation, a disabled user or a new role from inside the transaction that
 * makes it: Postgres delivers the notification at commit (never for a rollback), and each API
 * process re-checks the connections it holds for that token or user (live/auth-watch.ts).
 */
export async function notifyAuthChange(tx: Prisma.TransactionClient, change: AuthChange): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${AUTH_CHANGES_CHANNEL}, ${JSON.stringify(change)})`;
}

export function parseAuthChange(payload: string | undefined): AuthChange | null {
  if (payload === undefined) return null;
  const parsed: unknown = JSON.parse(payload);
  if (typeof parsed !== 'object' || parsed === null) return null;
  if ('tokenId' in parsed && typeof parsed.tokenId === 'string') return { tokenId: parsed.tokenId };
  if ('userId' in parsed && typeof parsed.userId === 'string') return { userId: parsed.userId };
  return null;
}
