import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useReducer, useRef, useState, type ReactNode } from 'react';
import type { ConnectionStatus } from '../types';
import { createQuarterdeckClient, type QuarterdeckClient } from './client';
import { initialConnectionState, nextConnectionState } from './connection-status';
import { isUnauthorized } from './errors';
import { TRPCProvider } from './trpc';

const ConnectionContext = createContext<ConnectionStatus>('connecting');

/** Whether live updates are flowing, for the banner and for anything that shows "live". */
export function useConnectionStatus(): ConnectionStatus {
  return useContext(ConnectionContext);
}

const TokenContext = createContext<string | null>(null);

/** The signed-in token, for the few requests that are not tRPC (binary downloads). */
export function useApiToken(): string | null {
  return useContext(TokenContext);
}

interface ApiProviderProps {
  token: string;
  /** Called when the server refuses the token, so the app can send the person to the login page. */
  onUnauthorized: () => void;
  children: ReactNode;
}

/**
 * Everything the signed-in app talks to the API through: one query cache and one typed
 * client per token. A new token (another login) gets a fresh cache and a fresh socket, so
 * nothing one user saw leaks to the next.
 */
export function ApiProvider({ token, onUnauthorized, children }: ApiProviderProps) {
  const [connection, dispatch] = useReducer(nextConnectionState, initialConnectionState);
  const unauthorizedHandler = useRef(onUnauthorized);
  useEffect(() => {
    unauthorizedHandler.current = onUnauthorized;
  }, [onUnauthorized]);

  const [queryClient] = useState(() => {
    const onError = (error: unknown) => {
      if (isUnauthorized(error)) unauthorizedHandler.current();
    };
    return new QueryClient({
      queryCache: new QueryCache({ onError }),
      mutationCache: new MutationCache({ onError }),
      defaultOptions: {
        // Live events invalidate what they change, so background refetching on focus is noise.
        queries: { refetchOnWindowFocus: false, retry: (failures, error) => !isUnauthorized(error) && failures < 2, staleTime: 5_000 },
      },
    });
  });

  const [client, setClient] = useState<QuarterdeckClient | null>(null);
  useEffect(() => {
    const created = createQuarterdeckClient({
      token,
      origin: window.location.origin,
      onOpen: () => dispatch('open'),
      onClose: () => dispatch('close'),
    });
    setClient(created);
    const offline = () => dispatch('browser-offline');
    const online = () => dispatch('browser-online');
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
      void created.close();
    };
  }, [token]);

  if (client === null) return null;
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client.trpc} queryClient={queryClient}>
        <TokenContext.Provider value={token}>
          <ConnectionContext.Provider value={connection.status}>{children}</ConnectionContext.Provider>
        </TokenContext.Provider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
