import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Bodies a request without a bearer token may send: the only unauthenticated call with a body
 * is the login-link exchange, a few hundred bytes. A stranger cannot make the API buffer
 * megabytes before it has even looked at the token.
 */
export const ANONYMOUS_MAX_BODY_BYTES = 64 * 1_024;

/** The body limit of this request: the configured one with a bearer token, the small one without. */
export function bodyLimitOf(request: IncomingMessage, maxBodyBytes: number): number {
  return /^Bearer\s+\S/i.test(request.headers.authorization ?? '') ? maxBodyBytes : Math.min(maxBodyBytes, ANONYMOUS_MAX_BODY_BYTES);
}

/**
 * A body announced larger than the limit is refused from its Content-Length, before a byte of
 * it is read. Bodies without one (chunked) are counted as they stream by the handlers, which
 * stop at the same limit.
 */
export function declaresTooLargeBody(request: IncomingMessage, limit: number): boolean {
  const declared = Number(request.headers['content-length'] ?? '0');
  return Number.isFinite(declared) && declared > limit;
}

/**
 * A response sent before the request body was read to its end (a 413, a refusal before the
 * body mattered) closes the connection: otherwise the rest of an oversized body would still
 * have to be read, or the client would keep writing into a socket nobody reads.
 */
export function closeWhenBodyUnread(request: IncomingMessage, response: ServerResponse): void {
  const end = response.end.bind(response);
  response.end = ((...args: Parameters<ServerResponse['end']>) => {
    if (!request.complete && !response.headersSent) response.setHeader('connection', 'close');
    return end(...args);
  }) as ServerResponse['end'];
}
