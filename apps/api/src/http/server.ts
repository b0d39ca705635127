import type http from 'node:http';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpStatusOf } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { Logger } from 'pino';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { WebSocketServer } from 'ws';
import { authenticate, bearerToken, tokenFromConnectionParams } from '../auth/authenticate';
import { RateLimiter } from '../auth/rate-limiter';
import { createContextInner, type ApiDeps } from '../context';
import { EventRelay } from '../events/event-relay';
import { sharedEventEncoder } from '../events/shared-json-encoder';
import { checkHealth } from '../health/check-health';
import { buildOpenApiDocument, REST_PREFIX } from '../openapi/document';
import { serveDocsPage } from '../openapi/docs-page';
import { appRouter } from '../router';
import { toAppError } from '../trpc';
import { matchArtifactsDownload, serveArtifactsDownload } from './artifacts-zip-route';
import { createStaticHandler } from './static-files';

export interface ApiServerOptions {
  db: Db;
  logger: Logger;
  catalog: TemplateCatalog;
  /** The database the event relay LISTENs on (the same one `db` uses). */
  databaseUrl: string;
  webDist: string;
  publicUrl: string;
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
    const download = request.method === 'GET' ? matchArtifactsDownload(pathname) : null;
    if (download !== null) {
      void serveArtifactsDownload(deps, request.headers.authorization, download, response);
      return;
    }
    if (pathname.startsWith(REST_PREFIX)) {
      // Seed 001's POST …/generate has no body; a POST without one is read as an empty JSON object
      // rather than refused for its missing content type.
      const bodiless = !request.headers['transfer-encoding'] && (request.headers['content-length'] ?? '0') === '0';
      if (request.method === 'POST' && request.headers['content-type'] === undefined && bodiless) {
        request.headers['content-type'] = 'application/json';
      }
      void restHandler(request, response);
      return;
    }
    serveStatic(request, response);
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
