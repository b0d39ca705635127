import type { ProviderEndpoint } from '@quarterdeck/contracts';

export interface ResolvedEndpoint {
  provider: string;
  baseUrl: string;
  apiKeyEnv: string | null;
  structuredOutput: 'json_schema' | 'prompt';
  promptUsdPerMillion: number;
  completionUsdPerMillion: number;
}

// Default addresses of the well-known OpenAI-compatible servers (each one's documented
// default port). Hosted ones need their key's environment variable; prices are not built in
// because they change: OpenRouter reports the cost in its usage chunk, others can be priced
// per agent in `config.endpoints`.
const BUILT_IN: Record<string, Omit<ResolvedEndpoint, 'provider' | 'promptUsdPerMillion' | 'completionUsdPerMillion'>> = {
  ollama: { baseUrl: 'http://localhost:11434/v1', apiKeyEnv: null, structuredOutput: 'json_schema' },
  llamacpp: { baseUrl: 'http://localhost:8080/v1', apiKeyEnv: null, structuredOutput: 'json_schema' },
  vllm: { baseUrl: 'http://localhost:8000/v1', apiKeyEnv: null, structuredOutput: 'json_schema' },
  lmstudio: { baseUrl: 'http://localhost:1234/v1', apiKeyEnv: null, structuredOutput: 'json_schema' },
  openrouter: { baseUrl: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY', structuredOutput: 'json_schema' },
  openai: { baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', structuredOutput: 'json_schema' },
};

export const BUILT_IN_PROVIDERS = Object.keys(BUILT_IN);
export const SIMULATED_PROVIDER = 'simulated';

export class UnknownProviderError extends Error {
  constructor(readonly provider: string) {
    super(
      `The provider "${provider}" has no endpoint: add config.endpoints.${provider}.baseUrl, or use one of ${BUILT_IN_PROVIDERS.join(', ')}, ${SIMULATED_PROVIDER}.`,
    );
    this.name = 'UnknownProviderError';
  }
}

/** The endpoint for `provider`: the agent's own setting over the built-in default. */
export function resolveEndpoint(provider: string, configured: Record<string, ProviderEndpoint> | undefined): ResolvedEndpoint {
  const own = configured?.[provider];
  const builtIn = BUILT_IN[provider];
  const baseUrl = own?.baseUrl ?? builtIn?.baseUrl;
  if (baseUrl === undefined) throw new UnknownProviderError(provider);
  return {
    provider,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKeyEnv: own?.apiKeyEnv ?? builtIn?.apiKeyEnv ?? null,
    structuredOutput: own?.structuredOutput ?? builtIn?.structuredOutput ?? 'prompt',
    promptUsdPerMillion: own?.promptUsdPerMillion ?? 0,
    completionUsdPerMillion: own?.completionUsdPerMillion ?? 0,
  };
}
