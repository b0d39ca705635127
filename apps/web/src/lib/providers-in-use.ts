import type { Agent, ProviderSetting } from '../types';

/**
 * The model providers the agents are configured with, one row per provider (with the model
 * most agents use). Providers are set per agent in Quarterdeck; keys stay in the server's
 * environment, so only the provider and model are shown here.
 */
export function providersInUse(agents: Pick<Agent, 'runtime' | 'provider' | 'model'>[]): ProviderSetting[] {
  const modelsByProvider = new Map<string, Map<string, number>>();
  for (const agent of agents) {
    if (agent.runtime !== 'llm') continue;
    const models = modelsByProvider.get(agent.provider) ?? new Map<string, number>();
    models.set(agent.model, (models.get(agent.model) ?? 0) + 1);
    modelsByProvider.set(agent.provider, models);
  }
  return [...modelsByProvider.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([provider, models]) => {
      const [mostUsed] = [...models.entries()].sort(
        ([modelA, countA], [modelB, countB]) => countB - countA || modelA.localeCompare(modelB),
      );
      return { id: provider, kind: provider, baseUrl: null, defaultModel: mostUsed?.[0] ?? '', apiKeyEnv: null };
    });
}
