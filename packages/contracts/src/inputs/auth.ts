import { z } from 'zod';
import { UserRole } from '../enums';
import { entityId, requiredText, safeString, wholeNumber } from '../primitives';
import { paginationShape } from './pagination';
import { requireSomeChange } from './refinements';

// Users and API tokens. A token acts with its user's role: roles live on users, so a
// machine client that needs a narrower role gets its own user.

export const createUserInput = z.strictObject({
  email: z
    .email({ error: 'must be an email address' })
    .max(320)
    .transform((email) => email.toLowerCase()),
  name: requiredText(200),
  role: UserRole.default('viewer'),
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z
  .strictObject({
    userId: entityId,
    name: requiredText(200).optional(),
    role: UserRole.optional(),
    isActive: z.boolean().optional(),
  })
  .superRefine(requireSomeChange('userId'));
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const listUsersInput = z.strictObject({
  role: UserRole.optional(),
  isActive: z.boolean().optional(),
  ...paginationShape,
});
export type ListUsersInput = z.infer<typeof listUsersInput>;

export const createApiTokenInput = z.strictObject({
  /** What the token is for ("CI", "my laptop"), shown in the token list. */
  name: requiredText(100),
  /** Admins may issue a token for another user; everyone else gets one for themselves. */
  userId: entityId.optional(),
  /** Never expires when left out. */
  expiresInDays: wholeNumber({ min: 1, max: 3_650 }).optional(),
  rateLimitPerMinute: wholeNumber({ min: 1, max: 100_000 }).optional(),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const revokeApiTokenInput = z.strictObject({ tokenId: entityId });
export type RevokeApiTokenInput = z.infer<typeof revokeApiTokenInput>;

/** The one-time login link printed on first start, exchanged for a dashboard token. */
export const exchangeLoginLinkInput = z.strictObject({
  token: safeString().trim().min(16, 'is not a login token').max(200, 'is not a login token'),
});
export type ExchangeLoginLinkInput = z.infer<typeof exchangeLoginLinkInput>;
