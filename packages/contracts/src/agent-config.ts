import { z } from 'zod';
import { identifier, safeString } from './primitives';
import { isAllowedProviderUrl, isAllowedSecretEnv, providerUrlRefusal, secretEnvRefusal } from './secret-policy';

// The shape of `Agent.config` (a JSON column): the failover chain, watchdog thresholds and
// call limits. The column stores only what a person set; `resolveAgentConfig` fills in the
// defaults at read time, so changing a default here reaches every agent that never
// overrode it.

export const providerModel = z.strictObject({
  provider: identifier,
  model: safeString().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});
export type ProviderModel = z.infer<typeof providerModel>;

const minutes = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1 minute')
  .max(1_440, 'must be at most 1440 minutes (a day)');

/** When the watchdog calls a running session stuck (PRODUCT.md, "Watch"). */
export const watchdogThresholds = z.strictObject({
  enabled: z.boolean(),
  /** No tool call for this long. */
  noToolCallMinutes: minutes,
  /** No output at all for this long. */
  noOutputMinutes: minutes,
  /** The same error line seen this many times. */
  repeatedErrorCount: z.number().int().min(2, 'must be at least 2').max(100, 'must be at most 100'),
  /** The same block of output repeated this many times in a row (a loop). */
  repetitionLoopCount: z.number().int().min(2, 'must be at least 2').max(1_000, 'must be at most 1000'),
});
export type WatchdogThresholds = z.infer<typeof watchdogThresholds>;

export const DEFAULT_WATCHDOG_THRESHOLDS: WatchdogThresholds = {
  enabled: true,
  noToolCallMinutes: 5,
  noOutputMinutes: 10,
  repeatedErrorCount: 3,
  repetitionLoopCount: 5,
};

/**
 * How a provider named in this agent's chain is reached. The built-in names (ollama,
 * llamacpp, vllm, lmstudio, openrouter, openai) have defaults; any other name needs one.
 * The key itself is never stored: only the NAME of the environment variable that holds it.
 */
/**
 * The NAME of an environment variable an agent may use as a key. Only names the server's
 * operator allows (QUARTERDECK_SECRET_ENV_ALLOWLIST): otherwise an agent could send any of the
 * worker's variables (DATABASE_URL, say) to an address of its choosing.
 */
const keyEnvName = (example: string) =>
  z
    .string({ error: `must be an environment variable name such as ${example}` })
    .max(200)
    .regex(/^[A-Z_][A-Z0-9_]*$/, { error: `must be an environment variable name such as ${example}`, abort: true })
    .refine(isAllowedSecretEnv, { error: (issue) => secretEnvRefusal(String(issue.input)) });

export const providerEndpoint = z.strictObject({
  baseUrl: z
    .url('must be a URL such as http://localhost:11434/v1')
    .max(2_000)
    .refine(isAllowedProviderUrl, { error: (issue) => providerUrlRefusal(String(issue.input)) }),
  apiKeyEnv: keyEnvName('OPENROUTER_API_KEY').optional(),
  /** How the handoff schema reaches the model: `json_schema` response_format, or instructions in the prompt. */
  structuredOutput: z.enum(['json_schema', 'prompt']).optional(),
  /** Prices for cost accounting when the provider reports none (USD per million tokens). */
  promptUsdPerMillion: z.number().min(0).max(10_000).optional(),
  completionUsdPerMillion: z.number().min(0).max(10_000).optional(),
});
export type ProviderEndpoint = z.infer<typeof providerEndpoint>;

/** Settings of a `cli` agent's process. */
export const cliAgentSettings = z.strictObject({
  /** Where the prompt goes: the process's stdin, or one argument (`{prompt}` in the command marks the spot, else appended). */
  promptVia: z.enum(['stdin', 'argument']).optional(),
  /** Regular expressions that recognise a tool call in an output line; a named group `name` (and optionally `detail`) picks the parts. */
  toolCallPatterns: z
    .array(
      safeString()
        .max(500)
        .refine((pattern) => {
          try {
            new RegExp(pattern);
            return true;
          } catch {
            return false;
          }
        }, 'must be a valid regular expression'),
    )
    .max(20)
    .optional(),
  /** Seconds between SIGTERM and SIGKILL when the process is terminated. */
  terminateGraceSeconds: z.number().int().min(1).max(600).optional(),
  /** Environment variables handed to the process by NAME (its API key, say); nothing else of the worker's environment is. */
  passEnv: z.array(keyEnvName('ANTHROPIC_API_KEY')).max(50).optional(),
});
export type CliAgentSettings = z.infer<typeof cliAgentSettings>;

/** What may be stored in `Agent.config`: every field optional, unknown fields refused. */
export const agentConfig = z.strictObject({
  /** Tried in order after the agent's own provider + model fails (the seeds' Ollama → OpenRouter failover). */
  failover: z.array(providerModel).max(5, 'at most 5 fallbacks').optional(),
  watchdog: watchdogThresholds.partial().optional(),
  /** Retries per provider before moving down the failover chain. */
  maxRetries: z.number().int().min(0).max(10, 'must be at most 10').optional(),
  requestTimeoutSeconds: z.number().int().min(1).max(3_600, 'must be at most 3600 seconds').optional(),
  rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
  /** Use the response cache for this agent (off by default: agents usually want fresh answers). */
  cacheResponses: z.boolean().optional(),
  /** Endpoints of the providers in this agent's chain, by provider name. */
  endpoints: z.record(identifier, providerEndpoint).optional(),
  cli: cliAgentSettings.optional(),
  /** Streaming speed of the simulated provider, for demos (default: fast). */
  simulatedTokensPerSecond: z.number().int().min(1).max(100_000).optional(),
});
export type AgentConfig = z.infer<typeof agentConfig>;

export interface ResolvedAgentConfig {
  failover: ProviderModel[];
  watchdog: WatchdogThresholds;
  maxRetries: number;
  requestTimeoutSeconds: number;
  rateLimitPerMinute: number | null;
  cacheResponses: boolean;
}

/**
 * The stored config with every default filled in. Throws a ZodError for a config that
 * does not match (only possible when something wrote the column without these schemas).
 */
export function resolveAgentConfig(stored: unknown): ResolvedAgentConfig {
  const config = agentConfig.parse(stored ?? {});
  return {
    failover: config.failover ?? [],
    watchdog: { ...DEFAULT_WATCHDOG_THRESHOLDS, ...config.watchdog },
    maxRetries: config.maxRetries ?? 2,
    requestTimeoutSeconds: config.requestTimeoutSeconds ?? 300,
    rateLimitPerMinute: config.rateLimitPerMinute ?? null,
    cacheResponses: config.cacheResponses ?? false,
  };
}
