import { useMutation, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { failed, loaded } from '../lib/loadable';
import { SettingsPage } from '../pages/SettingsPage';
import type { Loadable, SettingsData } from '../types';
import { useSession } from './auth';

/** The signed-in user and their tokens; the API does not expose provider or integration settings yet. */
export function SettingsRoute() {
  const trpc = useTRPC();
  const { me } = useSession();
  const tokens = useQuery(trpc.auth.listTokens.queryOptions());
  const create = useMutation(trpc.auth.createToken.mutationOptions());
  const revoke = useMutation(trpc.auth.revokeToken.mutationOptions());

  let settings: Loadable<SettingsData> = { status: 'pending' };
  if (tokens.status === 'error') settings = failed(tokens.error.message, () => void tokens.refetch());
  else if (tokens.data !== undefined && me !== null) {
    settings = loaded({
      currentUser: { ...me, isActive: true, createdAt: me.createdAt, lastLoginAt: me.lastLoginAt },
      providers: [],
      failoverChain: [],
      integrations: [],
      tokens: tokens.data.map((token) => ({ ...token, userId: me.id })),
    });
  }
  return (
    <SettingsPage
      settings={settings}
      onCreateToken={async (name) => {
        const created = await create.mutateAsync({ name });
        await tokens.refetch();
        return { token: created.token };
      }}
      onRevokeToken={async (tokenId) => {
        await revoke.mutateAsync({ tokenId });
        await tokens.refetch();
      }}
    />
  );
}
