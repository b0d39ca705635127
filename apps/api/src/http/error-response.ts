import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError, httpStatusOf } from '@quarterdeck/contracts';

// Every error a REST client (or anything outside tRPC) receives has one shape, the
// `Error` schema of the OpenAPI document: `{ code, message, field?, issues?, retryAfterSeconds? }`,
// with the HTTP status of its code, and Retry-After when it says when to come back.

export function sendError(response: ServerResponse, error: AppError, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = JSON.stringify(error.toJSON());
  response.writeHead(httpStatusOf(error.code), {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) }),
    ...headers,
  });
  response.end(body);
}

export function sendNotFound(response: ServerResponse, pathname: string): void {
  sendError(response, new AppError('NOT_FOUND', `Nothing is at ${pathname}.`));
}

export function sendMethodNotAllowed(response: ServerResponse, method: string | undefined, pathname: string, allowed: string[]): void {
  sendError(
    response,
    new AppError('METHOD_NOT_SUPPORTED', `${pathname} does not accept ${method ?? 'this method'}; it accepts ${allowed.join(', ')}.`),
    {
      allow: allowed.join(', '),
    },
  );
}

/**
 * trpc-to-openapi writes its own error body; the REST handler records the AppError of each
 * failed request here (its onError runs first), and the response's `end` sends that instead.
 */
const restFailures = new WeakMap<IncomingMessage, AppError>();

export function recordRestFailure(request: IncomingMessage, error: AppError): void {
  restFailures.set(request, error);
}

export function withCanonicalErrors(request: IncomingMessage, response: ServerResponse): ServerResponse {
  const end = response.end.bind(response);
  const canonicalEnd = ((...args: Parameters<ServerResponse['end']>) => {
    const failure = restFailures.get(request);
    if (failure === undefined || response.headersSent) return end(...args);
    const body = JSON.stringify(failure.toJSON());
    response.statusCode = httpStatusOf(failure.code);
    response.setHeader('content-type', 'application/json');
    response.setHeader('content-length', Buffer.byteLength(body));
    if (failure.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(failure.retryAfterSeconds));
    return end(body);
  }) as ServerResponse['end'];
  response.end = canonicalEnd;
  return response;
}
