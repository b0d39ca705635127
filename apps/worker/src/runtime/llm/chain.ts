import type { ExecutionInput } from '@quarterdeck/engine';
import type { CpuPool } from '../../pool/cpu-pool';
import type { AgentRuntimeConfig } from '../agent-settings';
import { resolveEndpoint, SIMULATED_PROVIDER } from '../providers/endpoints';
import { OpenAiCompatibleProvider } from '../providers/openai-compatible';
import type { RuntimeSettings } from '../settings';
import { SimulatedProvider } from '../simulated/simulated-provider';
import { poolSliceParser, type SliceParser } from '../stream/sse-stream';
import type { ChainLink } from './chain-call';

export interface BuiltChain {
  links: ChainLink[];
  /** Some link takes the schema only through the prompt. */
  needsSchemaInPrompt: boolean;
}

/**
 * The agent's own provider + model, then its failover entries, in order. An agent with no
 * provider set gets the simulated one. Throws UnknownProviderError for a name with no endpoint.
 */
export function buildChain(
  input: ExecutionInput,
  config: AgentRuntimeConfig,
  settings: RuntimeSettings,
  pool: CpuPool,
  parser?: SliceParser,
): BuiltChain {
  const parse = parser ?? poolSliceParser(pool, input.signal);
  const entries = [
    { provider: input.agent.provider.trim() || SIMULATED_PROVIDER, model: input.agent.model.trim() || SIMULATED_PROVIDER },
    ...config.failover,
  ];
  let needsSchemaInPrompt = false;
  const links = entries.map(({ provider, model }): ChainLink => {
    if (provider === SIMULATED_PROVIDER) {
      const brief = {
        productIdea: input.productIdea,
        projectName: input.productIdea.slice(0, 60),
        role: input.step.role,
        stepId: input.step.id,
        inputs: input.inputs,
        feedback: input.feedback,
      };
      return {
        provider: new SimulatedProvider(brief, config.simulatedTokensPerSecond ?? settings.simulatedTokensPerSecond),
        model,
        pricing: { promptUsdPerMillion: 0, completionUsdPerMillion: 0 },
      };
    }
    const endpoint = resolveEndpoint(provider, config.endpoints);
    needsSchemaInPrompt ||= endpoint.structuredOutput === 'prompt';
    return {
      provider: new OpenAiCompatibleProvider(endpoint, parse, settings.secret),
      model,
      pricing: { promptUsdPerMillion: endpoint.promptUsdPerMillion, completionUsdPerMillion: endpoint.completionUsdPerMillion },
    };
  });
  return { links, needsSchemaInPrompt };
}
