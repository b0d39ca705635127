import { createHttpClient } from './client';
import { isUnauthorized } from './errors';

// Login: the person pastes an API token, or a one-time login link (or opens the link, which
// lands on /login?link=…). Both are `qd_…` secrets, so the shape cannot tell them apart:
// a secret that came from a link is exchanged first; a pasted one is tried as a token first
// and exchanged only if the server does not know it as a token.

export interface SignedIn {
  token: string;
}

export async function signIn(origin: string, secret: string, fromLink: boolean): Promise<SignedIn> {
  if (fromLink) return exchange(origin, secret);
  try {
    await createHttpClient(origin, secret).auth.me.query();
    return { token: secret };
  } catch (error) {
    if (!isUnauthorized(error)) throw error;
  }
  try {
    return await exchange(origin, secret);
  } catch (error) {
    if (isUnauthorized(error)) throw new Error('This is neither a valid API token nor an unused login link.');
    throw error;
  }
}

async function exchange(origin: string, secret: string): Promise<SignedIn> {
  const result = await createHttpClient(origin, null).auth.exchangeLoginLink.mutate({ token: secret });
  return { token: result.token };
}
