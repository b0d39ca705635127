import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import type { Me } from '../api/outputs';
import { useTRPC } from '../api/trpc';
import { permissionsOf, type Permissions } from '../lib/permissions';

interface SessionValue {
  me: Me | null;
  permissions: Permissions;
}

const SessionContext = createContext<SessionValue>({ me: null, permissions: permissionsOf(null) });

/** Who is signed in and what they may do; controls a role cannot use are not offered. */
export function useSession(): SessionValue {
  return useContext(SessionContext);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const value: SessionValue = { me: me.data ?? null, permissions: permissionsOf(me.data?.role ?? null) };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
