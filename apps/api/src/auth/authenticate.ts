import type { Db } from '@quarterdeck/db';
import type { Caller } from '../context';
import { hashSecret } from './secrets';

export type Authentication = { caller: Caller; rateLimitPerMinute: number } | { caller: null; problem: string };

const NO_TOKEN: Authentication = { caller: null, problem: 'A valid API token is required (Authorization: Bearer <token>).' };
/** lastUsedAt is for people ("used 3 minutes ago"); writing it on every request would cost a write per call. */
const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/** Resolves a presented bearer token to its caller, refusing unknown, revoked, expired and disabled ones. */
export async function authenticate(db: Db, presentedToken: string | null | undefined): Promise<Authentication> {
  if (!presentedToken) return NO_TOKEN;
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashSecret(presentedToken) },
    select: {
      id: true,
      userId: true,
      revokedAt: true,
      expiresAt: true,
      rateLimitPerMinute: true,
      user: { select: { role: true, isActive: true } },
    },
  });
  if (!token) return { caller: null, problem: 'The API token is not valid.' };
  if (token.revokedAt) return { caller: null, problem: 'The API token has been revoked.' };
  const now = Date.now();
  if (token.expiresAt && token.expiresAt.getTime() <= now) return { caller: null, problem: 'The API token has expired.' };
  if (!token.user.isActive) return { caller: null, problem: "The token's user is disabled." };

  if ((lastUsedWritten.get(token.id) ?? 0) < now - LAST_USED_RESOLUTION_MS) {
    lastUsedWritten.set(token.id, now);
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) }, select: { id: true } });
  }
  return { caller: { userId: token.userId, tokenId: token.id, role: token.user.role }, rateLimitPerMinute: token.rateLimitPerMinute };
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerToken(authorizationHeader: string | undefined): string | null {
  const match = authorizationHeader?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** WebSocket and SSE clients pass the token in tRPC connectionParams as `{ token }`. */
export function tokenFromConnectionParams(params: Record<string, string | undefined> | null | undefined): string | null {
  const token = params?.token;
  return typeof token === 'string' && token.length > 0 ? token : null;
}
