import type { AppRouter } from '@quarterdeck/api/router';
import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from '@trpc/client';
import { reconnectDelayMs } from './connection-status';

// One typed client, two transports on the same origin and path: queries and mutations go
// over HTTP (batched, `Authorization: Bearer`), subscriptions over one WebSocket that
// carries the token in tRPC's connectionParams (browsers cannot set headers on a
// WebSocket). The web app imports only the router's TYPE; nothing of the API is bundled.

export interface QuarterdeckClientOptions {
  token: string;
  /** Page origin, e.g. `http://localhost:3333`; the API serves the dashboard, so it is one origin. */
  origin: string;
  onOpen: () => void;
  onClose: () => void;
}

export interface QuarterdeckClient {
  trpc: TRPCClient<AppRouter>;
  /** Closes the WebSocket for good (logout, token change). */
  close: () => Promise<void>;
}

export function trpcHttpUrl(origin: string): string {
  return `${origin.replace(/\/$/, '')}/trpc`;
}

export function trpcWsUrl(origin: string): string {
  return trpcHttpUrl(origin).replace(/^http/, 'ws');
}

export function createQuarterdeckClient(options: QuarterdeckClientOptions): QuarterdeckClient {
  const wsClient = createWSClient({
    url: trpcWsUrl(options.origin),
    connectionParams: { token: options.token },
    retryDelayMs: reconnectDelayMs,
    // A half-open socket (laptop sleep, proxy drop) would otherwise look live forever.
    keepAlive: { enabled: true, intervalMs: 10_000, pongTimeoutMs: 4_000 },
    onOpen: options.onOpen,
    onClose: options.onClose,
  });
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (operation) => operation.type === 'subscription',
        true: wsLink({ client: wsClient }),
        false: httpBatchLink({
          url: trpcHttpUrl(options.origin),
          headers: { authorization: `Bearer ${options.token}` },
        }),
      }),
    ],
  });
  return { trpc, close: () => wsClient.close() };
}

/** An HTTP-only client for the login page: checking a token, or exchanging a link (public). */
export function createHttpClient(origin: string, token: string | null): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: trpcHttpUrl(origin), headers: token === null ? {} : { authorization: `Bearer ${token}` } })],
  });
}
