import type http from 'node:http';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, httpStatusOf, redactor } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { WebSocketServer } from 'ws';
import { authenticate, bearerToken, tokenFromConnectionParams } from '../auth/authenticate';
import { DEFAULT_API_LIMITS, RateLimiter, type ApiLimits } from '../auth/rate-limiter';
import { createContextInner, type ApiDeps } from '../context';
import { EventFanout } from '../events/event-fanout';
import { EventRelay } from '../events/event-relay';
import { DEFAULT_HEALTH_THRESHOLDS, type HealthThresholds } from '../health/check-health';
import { isAllowedOrigin } from '../live/allowed-origins';
import { AuthWatch } from '../live/auth-watch';
import { startHeartbeat } from '../live/heartbeat';
import { DEFAULT_LIVE_OPTIONS, type LiveOptions } from '../live/live-options';
import { servePlainWebSocket } from '../live/plain-ws';
import { rememberUpgradedSocket } from '../live/tick-cork';
import { EventsSse } from '../live/trpc-sse';
import { EVENTS_SUBSCRIBE_PATH, serveTrpcOverWebSocket, TrpcSocket } from '../live/trpc-ws';
import { buildOpenApiDocument, REST_PREFIX } from '../openapi/document';
import { serveDocsPage } from '../openapi/docs-page';
import { appRouter } from '../router';
import { toAppError } from '../trpc';
import { matchArtifactsDownload, serveArtifactsDownload } from './artifacts-zip-route';
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
  /** Live delivery settings; each defaults to DEFAULT_LIVE_OPTIONS (env.ts reads them from the environment). */
  live?: Partial<LiveOptions>;
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
 * WebSocket at /trpc, the plain WebSocket at /ws, REST at /api/v1/ with its OpenAPI document
 * and docs page, and the dashboard everywhere else.
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const live: LiveOptions = { ...DEFAULT_LIVE_OPTIONS, ...options.live };
  const relay = new EventRelay({ connectionString: options.databaseUrl, logger: options.logger });
  const fanout = new EventFanout({
    tokenCoalesceMs: live.tokenCoalesceMs,
    lastRelayedId: () => relay.lastDeliveredId,
    logger: options.logger,
  });
  relay.subscribe((event) => fanout.publish(event));
  const authWatch = new AuthWatch({ db: options.db, connectionString: options.databaseUrl, logger: options.logger });
  const deps: ApiDeps = {
    db: options.db,
    logger: options.logger,
    catalog: options.catalog,
    relay,
    fanout,
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
  const liveTransport = { router: appRouter, deps, authWatch, maxBufferedBytes: live.maxBufferedBytes, onError: logInternalErrors };
  const eventsSse = new EventsSse(liveTransport);
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
    if (pathname === `/trpc/${EVENTS_SUBSCRIBE_PATH}` && request.method === 'GET') return eventsSse.serve(request, response);
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
    const download = matchArtifactsDownload(pathname);
    if (download !== null) {
      if (request.method !== 'GET') return sendMethodNotAllowed(response, request.method, pathname, ['GET']);
      return serveArtifactsDownload(deps, request.headers.authorization, download, response);
    }
    if (pathname.startsWith(REST_PREFIX)) {
      const match = openApiDocument().routes.match(request.method, pathname);
      if (match.kind === 'not_found') return sendNotFound(response, pathname);
      if (match.kind === 'wrong_method') return sendMethodNotAllowed(response, request.method, pathname, match.allowed);
      // Seed 001's POST …/generate has no body; a POST without one is read as an empty JSON object
      // rather than refused for its missing content type.
      const bodiless = !request.headers['transfer-encoding'] && (request.headers['content-length'] ?? '0') === '0';
      if (request.method === 'POST' && request.headers['content-type'] === undefined && bodiless) {
        request.headers['content-type'] = 'application/json';
      }
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

  // Both WebSockets close a socket whose client has not finished the close handshake after
  // 5 s (ws waits 30 s by default), so a client that stopped reading is let go promptly.
  const socketOptions = { noServer: true, closeTimeout: 5_000 };
  const trpcSockets = new WebSocketServer({ ...socketOptions, WebSocket: TrpcSocket });
  const trpcOverWs = serveTrpcOverWebSocket(trpcSockets, liveTransport);
  // Frames a program sends on /ws are small commands; anything larger is refused (1009).
  const plainSockets = new WebSocketServer({ ...socketOptions, maxPayload: 64 * 1024 });
  const plainWs = servePlainWebSocket(plainSockets, { deps, authWatch, maxBufferedBytes: live.maxBufferedBytes });
  const stopHeartbeats = [startHeartbeat(trpcSockets, live.heartbeatMs), startHeartbeat(plainSockets, live.heartbeatMs)];
  const allowedOrigins = new Set(live.allowedOrigins);
  server.on('upgrade', (request, socket, head) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    const target = pathname === '/trpc' ? trpcSockets : pathname === '/ws' ? plainSockets : null;
    if (!target) {
      socket.destroy();
      return;
    }
    if (!isAllowedOrigin(request, options.publicUrl, allowedOrigins)) {
      socket.end(
        'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nThis origin may not open a WebSocket here (QUARTERDECK_ALLOWED_ORIGINS).\n',
      );
      return;
    }
    target.handleUpgrade(request, socket, head, (client) => {
      rememberUpgradedSocket(client, socket);
      target.emit('connection', client, request);
    });
  });

  return {
    server,
    deps,
    listen: async (port, host) => {
      await relay.start();
      await authWatch.start();
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    close: async () => {
      for (const stop of stopHeartbeats) stop();
      trpcOverWs.broadcastReconnect();
      plainWs.shutdown();
      eventsSse.close();
      for (const socketServer of [trpcSockets, plainSockets]) {
        for (const client of socketServer.clients) client.terminate();
        await new Promise<void>((resolve) => socketServer.close(() => resolve()));
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fanout.stop();
      await Promise.all([relay.stop(), authWatch.stop()]);
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
