import { TRPCClientError } from '@trpc/client';

/** The server refused the token (missing, unknown, revoked, expired): the person must sign in again. */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && errorCode(error) === 'UNAUTHORIZED';
}

function errorCode(error: { data?: unknown }): string | null {
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('code' in data)) return null;
  return typeof data.code === 'string' ? data.code : null;
}
