import { AppError, type CreateApiTokenInput, type RevokeApiTokenInput, type UserRole } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';
import type { Caller } from '../context';
import { inTransaction } from '@quarterdeck/engine';
import { notifyAuthChange } from './auth-changes';
import { newSecret } from './secrets';

/** What anyone may see of a token: never the hash. */
export const apiTokenSelect = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  rateLimitPerMinute: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.ApiTokenSelect;

/**
 * A new token for the caller (or, for an admin, for any user); the plain token is in the
 * result once. Its rate limit may not exceed the ceiling of its user's role: a viewer cannot
 * issue itself a token that outruns the limits the operator set.
 */
export async function createApiToken(db: Db, caller: Caller, input: CreateApiTokenInput, ceilings: Record<UserRole, number>) {
  const userId = input.userId ?? caller.userId;
  if (userId !== caller.userId && caller.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'Only an admin may issue a token for another user.', { field: 'userId' });
  }
  return inTransaction(db, async ({ tx, emit }) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, isActive: true, role: true } });
    if (!user) throw new AppError('NOT_FOUND', 'No user has this id.', { field: 'userId' });
    if (!user.isActive) throw new AppError('PRECONDITION_FAILED', 'This user is disabled.', { field: 'userId' });
    const ceiling = ceilings[user.role];
    if (input.rateLimitPerMinute !== undefined && input.rateLimitPerMinute > ceiling) {
      throw new AppError('BAD_REQUEST', `rateLimitPerMinute must be at most ${ceiling}, the ceiling for the ${user.role} role.`, {
        field: 'rateLimitPerMinute',
      });
    }
    const secret = newSecret();
    const expiresAt = input.expiresInDays === undefined ? null : new Date(Date.now() + input.expiresInDays * 86_400_000);
    const apiToken = await tx.apiToken.create({
      data: {
        userId,
        name: input.name,
        tokenHash: secret.hash,
        prefix: secret.prefix,
        expiresAt,
        ...(input.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: input.rateLimitPerMinute }),
      },
      select: apiTokenSelect,
    });
    emit({
      type: 'auth.token_created',
      payload: { tokenId: apiToken.id, userId, name: apiToken.name, prefix: apiToken.prefix, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return { token: secret.plain, apiToken };
  });
}

/** The caller's own tokens; an admin sees everyone's. */
export async function listApiTokens(db: Db, caller: Caller) {
  return db.apiToken.findMany({
    where: caller.role === 'admin' ? {} : { userId: caller.userId },
    orderBy: { createdAt: 'desc' },
    select: { ...apiTokenSelect, user: { select: { email: true } } },
  });
}

export async function revokeApiToken(db: Db, caller: Caller, input: RevokeApiTokenInput) {
  return inTransaction(db, async ({ tx, emit }) => {
    const token = await tx.apiToken.findUnique({
      where: { id: input.tokenId },
      select: { id: true, userId: true, name: true, revokedAt: true },
    });
    if (!token || (token.userId !== caller.userId && caller.role !== 'admin')) {
      throw new AppError('NOT_FOUND', 'No token of yours has this id.', { field: 'tokenId' });
    }
    if (token.revokedAt) return tx.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: apiTokenSelect });
    const revoked = await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() }, select: apiTokenSelect });
    emit({ type: 'auth.token_revoked', payload: { tokenId: token.id, userId: token.userId, name: token.name } });
    await notifyAuthChange(tx, { tokenId: token.id });
    return revoked;
  });
}
