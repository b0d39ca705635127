import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLiveEvents } from '../api/use-live-events';
import { useTRPC } from '../api/trpc';
import { createAgentPayload, toAgent, updateAgentPayload } from '../lib/agent-view';
import { fromQuery } from '../lib/loadable';
import { useSearchParam } from '../lib/use-search-param';
import { AgentsPage } from '../pages/AgentsPage';
import { useSession } from './auth';

export function AgentsRoute() {
  const trpc = useTRPC();
  const { permissions } = useSession();
  const [agentId, setAgentId] = useSearchParam('agent');
  const agents = useQuery({ ...trpc.agents.list.queryOptions({ limit: 200 }), select: (page) => page.items.map(toAgent) });
  const templates = useQuery(trpc.agents.templates.queryOptions());
  const history = useQuery({
    ...trpc.agents.statusHistory.queryOptions({ agentId: agentId ?? '', limit: 50 }),
    enabled: agentId !== null,
    select: (page) => page.items.map((entry) => ({ ...entry, agentId: agentId ?? '' })),
  });
  const create = useMutation(trpc.agents.create.mutationOptions());
  const update = useMutation(trpc.agents.update.mutationOptions());
  const reset = useMutation(trpc.agents.reset.mutationOptions());
  useLiveEvents(useMemo(() => ({ channels: ['agents' as const] }), []));

  return (
    <AgentsPage
      agents={fromQuery(agents)}
      templates={(templates.data ?? []).map((template) => ({ ...template, systemPrompt: template.systemPrompt }))}
      selectedAgentId={agentId}
      onSelectAgent={setAgentId}
      history={agentId === null ? null : fromQuery(history)}
      onCreate={async (input) => {
        await create.mutateAsync(createAgentPayload(input));
      }}
      onUpdate={async (id, input) => {
        await update.mutateAsync(updateAgentPayload(id, input));
      }}
      onReset={async (id) => {
        await reset.mutateAsync({ agentId: id });
      }}
      canEdit={permissions.canEdit}
      canReset={permissions.canReset}
    />
  );
}
