import type { ProviderEndpoint } from '@quarterdeck/contracts';
import { redact } from '@quarterdeck/contracts';
import { BUILT_IN_PROVIDERS, resolveEndpoint, SIMULATED_PROVIDER } from './endpoints';
import type { SecretLookup } from './openai-compatible';
import { providerKey } from './provider-access';
import { ProviderError } from './provider-error';

export interface ProviderHealth {
  provider: string;
  baseUrl: string | null;
  ok: boolean;
  latencyMs: number | null;
  /** What went wrong, in one line (never the key). */
  detail: string | null;
}

/**
 * Probes providers for /healthz: GET {baseUrl}/models (every OpenAI-compatible server has
 * it, and it costs no tokens), with a short timeout. The simulated provider is always up.
 */
export async function probeProviders(
  providers: Array<{ provider: string; endpoint?: ProviderEndpoint }>,
  secret: SecretLookup,
  timeoutMs = 2_000,
): Promise<ProviderHealth[]> {
  return Promise.all(providers.map(({ provider, endpoint }) => probeProvider(provider, endpoint, secret, timeoutMs)));
}

export async function probeProvider(
  provider: string,
  configured: ProviderEndpoint | undefined,
  secret: SecretLookup,
  timeoutMs: number,
): Promise<ProviderHealth> {
  if (provider === SIMULATED_PROVIDER) return { provider, baseUrl: null, ok: true, latencyMs: 0, detail: null };
  if (configured === undefined && !BUILT_IN_PROVIDERS.includes(provider)) {
    return { provider, baseUrl: null, ok: false, latencyMs: null, detail: 'no endpoint configured' };
  }
  const endpoint = resolveEndpoint(provider, configured ? { [provider]: configured } : undefined);
  const headers: Record<string, string> = {};
  try {
    const key = providerKey(endpoint, secret, provider);
    if (key !== null) headers.authorization = `Bearer ${key}`;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    return { provider, baseUrl: endpoint.baseUrl, ok: false, latencyMs: null, detail: error.message };
  }
  const started = performance.now();
  try {
    const response = await fetch(`${endpoint.baseUrl}/models`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    const latencyMs = Math.round(performance.now() - started);
    return { provider, baseUrl: endpoint.baseUrl, ok: response.ok, latencyMs, detail: response.ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const detail =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : redact(error instanceof Error ? error.message : String(error));
    return { provider, baseUrl: endpoint.baseUrl, ok: false, latencyMs: null, detail };
  }
}
