// The login field accepts either an API token or the one-time login link printed on first
// start (which carries its own token). Both end up as one token for `onLogin`.

/** Query or fragment parameters a login link may carry its token in. */
const TOKEN_PARAMS = ['link', 'token', 'loginToken', 'login_token'];

export function extractLoginToken(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed.length === 0) return null;
  if (!/^https?:\/\//i.test(trimmed)) return /\s/.test(trimmed) ? null : trimmed;

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  for (const name of TOKEN_PARAMS) {
    const value = url.searchParams.get(name) ?? fragment.get(name);
    if (value !== null && value.length > 0) return value;
  }
  // A link of the form /login/<token>.
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  const loginIndex = segments.lastIndexOf('login');
  const afterLogin = loginIndex >= 0 ? segments[loginIndex + 1] : undefined;
  return afterLogin !== undefined ? decodeURIComponent(afterLogin) : null;
}

/** A pasted URL is a one-time login link; anything else is taken for an API token first. */
export function looksLikeLink(input: string): boolean {
  return /^https?:\/\//i.test(input.trim());
}
