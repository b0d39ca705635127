import type http from 'node:http';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpStatusOf } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import type { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { WebSocketServer } from 'ws';
import { authenticate, bearerToken, tokenFromConnectionParams } from '../auth/authenticate';
import { RateLimiter } from '../auth/rate-limiter';
import { createContextInner, type ApiDeps } from '../context';
import { EventFanout } from '../events/event-fanout';
import { EventRelay } from '../events/event-relay';
import { checkHealth } from '../health/check-health';
import { isAllowedOrigin } from '../live/allowed-origins';
import { AuthWatch } from '../live/auth-watch';
import { startHeartbeat } from '../live/heartbeat';
import { rememberUpgradedSocket } from '../live/tick-cork';
import { DEFAULT_LIVE_OPTIONS, type LiveOptions } from '../live/live-options';
import { servePlainWebSocket } from '../live/plain-ws';
import { EventsSse } from '../live/trpc-sse';
import { EVENTS_SUBSCRIBE_PATH, serveTrpcOverWebSocket, TrpcSocket } from '../live/trpc-ws';
import { buildOpenApiDocument, REST_PREFIX } from '../openapi/document';
import { serveDocsPage } from '../openapi/docs-page';
import { appRouter } from '../router';
import { toAppError } from '../trpc';
import { ARTIFACTS_ZIP_ROUTE, serveArtifactsZip } from './artifacts-zip-route';
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
    rateLimiter: new RateLimiter(),
    publicUrl: options.publicUrl,
  };
  const logInternalErrors = ({ error, path }: { error: TRPCError; path?: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') options.logger.error({ err: error.cause ?? error, path }, 'procedure failed');
  };

  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    // SSE clients (EventSource) cannot set headers, so they send the token as connectionParams.
    createContext: async ({ req, info }) =>
      createContextInner(
        deps,
        await authenticate(deps.db, bearerToken(req.headers.authorization) ?? tokenFromConnectionParams(info.connectionParams)),
      ),
    onError: logInternalErrors,
  });

  const restHandler = createOpenApiNodeHttpHandler({
    router: appRouter,
    createContext: async ({ req }: { req: IncomingMessage }) =>
      createContextInner(deps, await authenticate(deps.db, bearerToken(req.headers.authorization))),
    // The same AppError → HTTP status mapping as everywhere else.
    responseMeta: ({ errors }) => {
      const [first] = errors;
      return first ? { status: httpStatusOf(toAppError(first).code) } : {};
    },
    onError: logInternalErrors,
  });
  const liveTransport = { router: appRouter, deps, authWatch, maxBufferedBytes: live.maxBufferedBytes, onError: logInternalErrors };
  const eventsSse = new EventsSse(liveTransport);
  let openApiJson: string | null = null;
  const serveStatic = createStaticHandler(options.webDist);

  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    if (pathname === '/healthz') {
      void checkHealth(deps.db).then((report) => {
        response.writeHead(report.status === 'down' ? 503 : 200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(report));
      });
      return;
    }
    if (pathname === `/trpc/${EVENTS_SUBSCRIBE_PATH}` && request.method === 'GET') {
      void eventsSse.serve(request, response);
      return;
    }
    if (pathname.startsWith('/trpc/')) {
      trpcHandler(request, response);
      return;
    }
    if (pathname === '/api/openapi.json') {
      openApiJson ??= JSON.stringify(buildOpenApiDocument(appRouter, options.publicUrl));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(openApiJson);
      return;
    }
    if (pathname.startsWith('/api/docs') && serveDocsPage(pathname, response)) return;
    const zipRoute = request.method === 'GET' ? ARTIFACTS_ZIP_ROUTE.exec(pathname) : null;
    if (zipRoute?.[1] !== undefined) {
      void serveArtifactsZip(deps, request.headers.authorization, zipRoute[1], response);
      return;
    }
    if (pathname.startsWith(REST_PREFIX)) {
      void restHandler(request, response);
      return;
    }
    serveStatic(request, response);
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
