import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import { createContextInner, type ApiDeps } from '../context';
import { checkHealth } from '../health/check-health';
import { appRouter } from '../router';
import { createStaticHandler } from './static-files';

export interface ApiServerOptions extends ApiDeps {
  webDist: string;
}

export interface ApiServer {
  server: http.Server;
  /** Resolves with the bound port (useful with port 0 in tests). */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** One HTTP server: /healthz, tRPC over HTTP and WebSocket at /trpc, the dashboard elsewhere. */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const deps: ApiDeps = { db: options.db, logger: options.logger };
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: () => createContextInner(deps),
  });
  const serveStatic = createStaticHandler(options.webDist);

  const server = http.createServer((request, response) => {
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
    serveStatic(request, response);
  });

  const wss = new WebSocketServer({ noServer: true });
  const wsHandler = applyWSSHandler({ wss, router: appRouter, createContext: () => createContextInner(deps) });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://x').pathname !== '/trpc') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: async () => {
      wsHandler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
