import { AppError, type ExchangeLoginLinkInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';
import { inTransaction } from '@quarterdeck/engine';
import { apiTokenSelect } from './api-tokens';
import { hashSecret, newSecret } from './secrets';

const LOGIN_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Issues a one-time login link for a user; the plain link is returned once and only its hash is kept. */
export async function issueLoginLink(
  tx: Prisma.TransactionClient,
  userId: string,
  publicUrl: string,
): Promise<{ url: string; expiresAt: Date }> {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + LOGIN_LINK_LIFETIME_MS);
  await tx.loginLink.create({ data: { userId, tokenHash: secret.hash, expiresAt }, select: { id: true } });
  return { url: `${publicUrl.replace(/\/$/, '')}/login?link=${encodeURIComponent(secret.plain)}`, expiresAt };
}

/**
 * The dashboard's login: a valid, unused, unexpired link becomes a fresh API token for its
 * user. The link is consumed in the same transaction (a conditional update), so two tabs
 * racing with the same link get one token between them.
 */
export async function exchangeLoginLink(db: Db, input: ExchangeLoginLinkInput) {
  return inTransaction(db, async ({ tx, emit }) => {
    const now = new Date();
    const link = await tx.loginLink.findUnique({
      where: { tokenHash: hashSecret(input.token) },
      select: { id: true, userId: true, user: { select: { isActive: true } } },
    });
    const consumed = link
      ? await tx.loginLink.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
      : { count: 0 };
    if (!link || consumed.count === 0 || !link.user.isActive) {
      throw new AppError(
        'UNAUTHORIZED',
        'This login link is not valid: it may have been used already or expired. Ask an admin for a new one.',
        { field: 'token' },
      );
    }
    const secret = newSecret();
    const apiToken = await tx.apiToken.create({
      data: {
        userId: link.userId,
        name: `Dashboard login ${now.toISOString().slice(0, 16).replace('T', ' ')}`,
        tokenHash: secret.hash,
        prefix: secret.prefix,
      },
      select: apiTokenSelect,
    });
    const user = await tx.user.update({
      where: { id: link.userId },
      data: { lastLoginAt: now },
      select: { id: true, email: true, name: true, role: true },
    });
    emit({ type: 'auth.login', payload: { userId: user.id } });
    return { token: secret.plain, apiToken, user };
  });
}

/**
 * First start: with no admin who has ever held a token, make sure one exists and print a
 * fresh login link (so a lost link is fixed by restarting). Two API processes starting at
 * once serialise on an advisory lock, so only one admin and one link are made.
 */
export async function ensureFirstAdmin(db: Db, publicUrl: string): Promise<{ url: string; email: string } | null> {
  return inTransaction(db, async ({ tx }) => {
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext('quarterdeck_first_admin'))");
    const adminWithToken = await tx.apiToken.findFirst({ where: { user: { role: 'admin', isActive: true } }, select: { id: true } });
    if (adminWithToken) return null;
    const admin =
      (await tx.user.findFirst({
        where: { role: 'admin', isActive: true },
        orderBy: { createdAt: 'asc' },
        select: { id: true, email: true },
      })) ??
      (await tx.user.create({
        data: { email: 'admin@localhost', name: 'Administrator', role: 'admin' },
        select: { id: true, email: true },
      }));
    const link = await issueLoginLink(tx, admin.id, publicUrl);
    return { url: link.url, email: admin.email };
  });
}
