import type { IncomingMessage } from 'node:http';

/**
 * Whether a WebSocket handshake may proceed. Browsers send `Origin` with every WebSocket and
 * do not apply CORS to it, so without this check any site a signed-in user visits could open
 * a socket to the API. Allowed: no Origin (programs, not browsers), the API's own origin (the
 * Host the request came to, or the public URL), and the configured origins.
 */
export function isAllowedOrigin(request: IncomingMessage, publicUrl: string, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const parsed = new URL(origin);
  if (parsed.host === request.headers.host) return true;
  if (URL.canParse(publicUrl) && parsed.origin === new URL(publicUrl).origin) return true;
  return allowedOrigins.has(parsed.origin);
}
