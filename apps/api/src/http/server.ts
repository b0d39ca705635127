import type http from 'node:http';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, httpStatusOf, redactor } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { Logger } from 'pino';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { WebSocketServer } from 'ws';
import { authenticate, bearerToken, tokenFromConnectionParams } from '../auth/authenticate';
import { DEFAULT_API_LIMITS, RateLimiter, type ApiLimits } from '../auth/rate-limiter';
import { createContextInner, type ApiDeps } from '../context';
import { EventRelay } from '../events/event-relay';
import { sharedEventEncoder } from '../events/shared-json-encoder';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from '../health/check-health';
import { buildOpenApiDocument, REST_PREFIX } from '../openapi/document';
import { serveDocsPage } from '../openapi/docs-page';
import { appRouter } from '../router';
import { toAppError } from '../trpc';
import { ARTIFACTS_ZIP_ROUTE, serveArtifactsZip } from './artifacts-zip-route';
import { bodyLimitOf, closeWhenBodyUnread, declaresTooLargeBody } from './body-limit';
import { recordRestFailure, sendError, sendMethodNotAllowed, sendNotFound, withCanonicalErrors } from './error-response';
import { serveHealth } from './health-route';
import { RestRoutes } from './rest-routes';
import { createStaticHandler } from './static-files';

export interface ApiServerOptions {
  db: Db;
  logger: Logger;
  catalog: TemplateCatalog;
  /** The database the event relay LISTENs on (the same one `db` uses). */
  databaseUrl: string;
  webDist: string;
  publicUrl: string;
  /** Body size and rate limits (the defaults when left out). */
  limits?: ApiLimits;
  /** When /healthz counts a worker alive. */
  healthThresholds?: HealthThresholds;
}

export interface ApiServer {
  server: http.Server;
  deps: ApiDeps;
  /** Starts the event relay, then listens; resolves with the bound port (useful with port 0 in tests). */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * One HTTP server: /healthz, tRPC over HTTP (with SSE subscriptions) at /trpc/, tRPC over
 * WebSocket at /trpc, REST at /api/v1/ with its OpenAPI document and docs page, and the
 * dashboard everywhere else.
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const relay = new EventRelay({ connectionString: options.databaseUrl, logger: options.logger });
  const deps: ApiDeps = {
    db: options.db,
    logger: options.logger,
    catalog: options.catalog,
    relay,
    rateLimiter: new RateLimiter(options.db),
    limits: options.limits ?? DEFAULT_API_LIMITS,
    publicUrl: options.publicUrl,
  };
  const { limits } = deps;
  const logInternalErrors = ({ error, path }: { error: TRPCError; path?: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      options.logger.error({ err: redactor.redactDeep(serializeError(error.cause ?? error)), path }, 'procedure failed');
    }
  };
  // The status and Retry-After of a failed call, for both transports.
  const errorMeta = (errors: TRPCError[]) => {
    const [first] = errors;
    if (!first) return {};
    const appError = toAppError(first);
    return {
      status: httpStatusOf(appError.code),
      ...(appError.retryAfterSeconds === undefined ? {} : { headers: { 'retry-after': String(appError.retryAfterSeconds) } }),
    };
  };

  // Two of each handler: a caller without a bearer token may only send a small body.
  const trpcHandlerFor = (maxBodySize: number) =>
    createHTTPHandler({
      router: appRouter,
      basePath: '/trpc/',
      maxBodySize,
      // SSE clients (EventSource) cannot set headers, so they send the token as connectionParams.
      createContext: async ({ req, info }) =>
        createContextInner(
          deps,
          await authenticate(deps.db, bearerToken(req.headers.authorization) ?? tokenFromConnectionParams(info.connectionParams)),
          clientAddressOf(req),
        ),
      responseMeta: ({ errors }) => errorMeta(errors),
      onError: logInternalErrors,
    });
  const restHandlerFor = (maxBodySize: number) =>
    createOpenApiNodeHttpHandler({
      router: appRouter,
      maxBodySize,
      createContext: async ({ req }: { req: IncomingMessage }) =>
        createContextInner(deps, await authenticate(deps.db, bearerToken(req.headers.authorization)), clientAddressOf(req)),
      // The same AppError → HTTP status mapping as everywhere else; the body is rewritten to the one error shape.
      responseMeta: ({ errors }) => errorMeta(errors),
      onError: (failure) => {
        recordRestFailure(failure.req, toAppError(failure.error));
        logInternalErrors(failure);
      },
    });
  const handlers = new Map(
    [...new Set([limits.maxBodyBytes, bodyLimitOf(ANONYMOUS_REQUEST, limits.maxBodyBytes)])].map((size) => [
      size,
      { trpc: trpcHandlerFor(size), rest: restHandlerFor(size) },
    ]),
  );
  let openApiJson: string | null = null;
  let restRoutes: RestRoutes | null = null;
  const openApiDocument = () => {
    const document = buildOpenApiDocument(appRouter, options.publicUrl);
    openApiJson ??= JSON.stringify(document);
    restRoutes ??= new RestRoutes(document.paths ?? {});
    return { json: openApiJson, routes: restRoutes };
  };
  const serveStatic = createStaticHandler(options.webDist);
  const healthThresholds = options.healthThresholds ?? DEFAULT_HEALTH_THRESHOLDS;

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    closeWhenBodyUnread(request, response);
    const bodyLimit = bodyLimitOf(request, limits.maxBodyBytes);
    if (declaresTooLargeBody(request, bodyLimit)) {
      // Refused before a byte of the body is read; the connection closes so it is never read.
      sendError(response, new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${bodyLimit} bytes, the limit here.`));
      return;
    }
    const handler = handlers.get(bodyLimit);
    if (!handler) throw new Error(`no handler for the body limit ${bodyLimit}`);
    if (pathname === '/healthz') return serveHealth(request, response, deps.db, healthThresholds);
    if (pathname.startsWith('/trpc/')) return handler.trpc(request, response);
    if (pathname === '/api/openapi.json') {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return sendMethodNotAllowed(response, request.method, pathname, ['GET', 'HEAD']);
      const { json } = openApiDocument();
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      response.end(request.method === 'HEAD' ? undefined : json);
      return;
    }
    if (pathname.startsWith('/api/docs') && serveDocsPage(pathname, response)) return;
    const zipRoute = ARTIFACTS_ZIP_ROUTE.exec(pathname);
    if (zipRoute?.[1] !== undefined) {
      if (request.method !== 'GET') return sendMethodNotAllowed(response, request.method, pathname, ['GET']);
      return serveArtifactsZip(deps, request.headers.authorization, zipRoute[1], response);
    }
    if (pathname.startsWith(REST_PREFIX)) {
      const match = openApiDocument().routes.match(request.method, pathname);
      if (match.kind === 'not_found') return sendNotFound(response, pathname);
      if (match.kind === 'wrong_method') return sendMethodNotAllowed(response, request.method, pathname, match.allowed);
      return handler.rest(request, withCanonicalErrors(request, response));
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) return sendNotFound(response, pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendMethodNotAllowed(response, request.method, pathname, ['GET', 'HEAD']);
    serveStatic(request, response);
  };

  const server = createServer((request, response) => {
    // Nothing a request does may end the process: an unexpected failure is a 500 (or a 503
    // when the database is unreachable) for this request alone.
    route(request, response).catch((error: unknown) => {
      const appError = toAppError(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error }));
      if (appError.code === 'INTERNAL') options.logger.error({ err: redactor.redactDeep(serializeError(error)) }, 'request failed');
      sendError(response, appError);
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  const wsHandler = applyWSSHandler({
    wss,
    router: appRouter,
    experimental_encoder: sharedEventEncoder,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    // Checked once per connection: no valid token, no connection (the error is sent, then the socket closes).
    createContext: async ({ req, info }) => {
      const authentication = await authenticate(
        deps.db,
        tokenFromConnectionParams(info.connectionParams) ?? bearerToken(req.headers.authorization),
      );
      if (!authentication.caller) throw new TRPCError({ code: 'UNAUTHORIZED', message: authentication.problem });
      return createContextInner(deps, authentication);
    },
    onError: logInternalErrors,
  });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://x').pathname !== '/trpc') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  });

  return {
    server,
    deps,
    listen: async (port, host) => {
      await relay.start();
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    close: async () => {
      wsHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await relay.stop();
    },
  };
}

/** A request with no headers at all: what a caller without a token gets. */
const ANONYMOUS_REQUEST = { headers: {} } as IncomingMessage;

/** The peer address keys per-address limits (behind a proxy every caller shares the proxy's). */
function clientAddressOf(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/** An error as plain fields, so the redactor can go over its message and stack before it is logged. */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
  };
}
