import { createHash, randomBytes } from 'node:crypto';

// API tokens and login-link tokens are random, shown once, and stored only as a SHA-256
// hash: a leaked database does not leak working credentials. SHA-256 (not a slow KDF) is
// right here because the secrets are 32 random bytes, not guessable passwords.

const TOKEN_PREFIX = 'qd_';
/** Characters of a token kept in clear so a person can tell tokens apart in a list. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;

export interface NewSecret {
  /** The plain secret: give it to the person once, never store or log it. */
  plain: string;
  hash: string;
  prefix: string;
}

export function newSecret(): NewSecret {
  const plain = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { plain, hash: hashSecret(plain), prefix: plain.slice(0, DISPLAY_PREFIX_LENGTH) };
}

export function hashSecret(plain: string): string {
  return createHash('sha256').update(plain).digest('hex');
}
