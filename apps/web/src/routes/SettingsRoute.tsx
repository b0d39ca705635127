import { useMutation, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { toAgent } from '../lib/agent-view';
import { failed, loaded } from '../lib/loadable';
import { providersInUse } from '../lib/providers-in-use';
import { SettingsPage } from '../pages/SettingsPage';
import type { Loadable, SettingsData } from '../types';
import { useSession } from './auth';

/**
 * The signed-in user, their tokens, and the model providers the agents use (providers are set
 * per agent). No integration (Telegram, Jira, Confluence) exists yet, so that list is empty.
 */
export function SettingsRoute() {
  const trpc = useTRPC();
  const { me } = useSession();
  const tokens = useQuery(trpc.auth.listTokens.queryOptions());
  const agents = useQuery({ ...trpc.agents.list.queryOptions({ limit: 200 }), select: (page) => page.items.map(toAgent) });
  const create = useMutation(trpc.auth.createToken.mutationOptions());
  const revoke = useMutation(trpc.auth.revokeToken.mutationOptions());

  let settings: Loadable<SettingsData> = { status: 'pending' };
  if (tokens.status === 'error') settings = failed(tokens.error.message, () => void tokens.refetch());
  else if (agents.status === 'error') settings = failed(agents.error.message, () => void agents.refetch());
  else if (tokens.data !== undefined && agents.data !== undefined && me !== null) {
    settings = loaded({
      currentUser: { ...me, isActive: true, createdAt: me.createdAt, lastLoginAt: me.lastLoginAt },
      providers: providersInUse(agents.data),
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
