import {
  agentConfig,
  resolveAgentConfig,
  type CliAgentSettings,
  type ProviderEndpoint,
  type ResolvedAgentConfig,
} from '@quarterdeck/contracts';

/** Agent.config as the runtime needs it: the shared defaults plus the runtime's own optional fields. */
export interface AgentRuntimeConfig extends ResolvedAgentConfig {
  endpoints: Record<string, ProviderEndpoint>;
  cli: CliAgentSettings;
  simulatedTokensPerSecond: number | null;
}

/** Throws a ZodError when the stored config does not match the contract. */
export function readAgentRuntimeConfig(stored: unknown): AgentRuntimeConfig {
  const raw = agentConfig.parse(stored ?? {});
  return {
    ...resolveAgentConfig(raw),
    endpoints: raw.endpoints ?? {},
    cli: raw.cli ?? {},
    simulatedTokensPerSecond: raw.simulatedTokensPerSecond ?? null,
  };
}
