import type { Db, Prisma } from '@quarterdeck/db';
import type { Caller } from '../context';
import { hashSecret } from './secrets';

export type Authentication = { caller: Caller; rateLimitPerMinute: number; expiresAt: Date | null } | { caller: null; problem: string };

const NO_TOKEN: Authentication = { caller: null, problem: 'A valid API token is required (Authorization: Bearer <token>).' };
const UNKNOWN_TOKEN: Authentication = { caller: null, problem: 'The API token is not valid.' };
/** lastUsedAt is for people ("used 3 minutes ago"); writing it on every request would cost a write per call. */
const LAST_USED_RESOLUTION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

const tokenSelect = {
  id: true,
  userId: true,
  revokedAt: true,
  expiresAt: true,
  rateLimitPerMinute: true,
  user: { select: { role: true, isActive: true } },
} satisfies Prisma.ApiTokenSelect;

type TokenRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSelect }>;

function authenticationOf(token: TokenRow, now: number): Authentication {
  if (token.revokedAt) return { caller: null, problem: 'The API token has been revoked.' };
  if (token.expiresAt && token.expiresAt.getTime() <= now) return { caller: null, problem: 'The API token has expired.' };
  if (!token.user.isActive) return { caller: null, problem: "The token's user is disabled." };
  return {
    caller: { userId: token.userId, tokenId: token.id, role: token.user.role },
    rateLimitPerMinute: token.rateLimitPerMinute,
    expiresAt: token.expiresAt,
  };
}

/** Resolves a presented bearer token to its caller, refusing unknown, revoked, expired and disabled ones. */
export async function authenticate(db: Db, presentedToken: string | null | undefined): Promise<Authentication> {
  if (!presentedToken) return NO_TOKEN;
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(presentedToken) }, select: tokenSelect });
  if (!token) return UNKNOWN_TOKEN;
  const now = Date.now();
  const authentication = authenticationOf(token, now);
  if (authentication.caller && (lastUsedWritten.get(token.id) ?? 0) < now - LAST_USED_RESOLUTION_MS) {
    lastUsedWritten.set(token.id, now);
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date(now) }, select: { id: true } });
  }
  return authentication;
}

/**
 * The standing now of tokens presented earlier by connections that are still open: the same
 * checks as `authenticate`, by token id, so a revoked token, a disabled user or a new role
 * reaches sockets and streams that authenticated before the change.
 */
export async function reauthenticate(db: Db, tokenIds: readonly string[]): Promise<Map<string, Authentication>> {
  const rows = await db.apiToken.findMany({ where: { id: { in: [...tokenIds] } }, select: tokenSelect });
  const now = Date.now();
  const byId = new Map(rows.map((row) => [row.id, authenticationOf(row, now)]));
  return new Map(tokenIds.map((id) => [id, byId.get(id) ?? UNKNOWN_TOKEN]));
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
