import { DEFAULT_SECRET_ENV_ALLOWLIST } from '@quarterdeck/contracts';
import type { SecretLookup } from './providers/openai-compatible';

/** Process-wide knobs of the agent runtime (per-agent settings live in Agent.config). */
export interface RuntimeSettings {
  /** Reads an API key by the NAME of its environment variable, at call time; keys are never stored. */
  secret: SecretLookup;
  /** Parent folder of the per-task workspaces of CLI agents. */
  workspaceRoot: string;
  /** Streamed text is relayed as one `llm.tokens` event per this interval. */
  tokenFlushMs: number;
  /** An unfinished output line is written to the iteration log after this long anyway (bounds what a crash loses). */
  partialLineFlushMs: number;
  /** First retry delay; doubles per retry, with full jitter, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** A Retry-After longer than this moves down the failover chain instead of waiting. */
  maxRetryAfterMs: number;
  /** Default speed of the simulated provider. */
  simulatedTokensPerSecond: number;
  /** The only environment variables an agent may name as its key (QUARTERDECK_SECRET_ENV_ALLOWLIST). */
  secretEnvAllowlist: readonly string[];
  /** URL prefixes provider base URLs must start with; null allows all (QUARTERDECK_PROVIDER_URL_ALLOWLIST). */
  providerUrlAllowlist: readonly string[] | null;
  /** Further values the redactor must hide besides the allowed keys (the database password). */
  knownSecrets: readonly string[];
}

export const DEFAULT_RUNTIME_SETTINGS: Omit<RuntimeSettings, 'secret' | 'workspaceRoot'> = {
  tokenFlushMs: 100,
  partialLineFlushMs: 1_000,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
  maxRetryAfterMs: 60_000,
  simulatedTokensPerSecond: 2_000,
  secretEnvAllowlist: DEFAULT_SECRET_ENV_ALLOWLIST,
  providerUrlAllowlist: null,
  knownSecrets: [],
};

/**
 * API keys by the NAME of their environment variable, over the environment object the
 * worker's env.ts hands in. The value is looked up per call, so a rotated key needs no
 * restart and a key never passes through the database.
 */
export function secretLookup(env: Readonly<Record<string, string | undefined>>): SecretLookup {
  return (name) => env[name];
}
