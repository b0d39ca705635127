import { isAllowedProviderUrl, isAllowedSecretEnv, providerUrlRefusal, secretEnvRefusal } from '@quarterdeck/contracts';
import type { ResolvedEndpoint } from './endpoints';
import type { SecretLookup } from './openai-compatible';
import { ProviderError } from './provider-error';

/**
 * The key to send to an endpoint, checked against the operator's allowlists first. The API
 * already refuses such a config when it is saved; this is the last check before a key is
 * read, for configs written before the lists changed or by anything other than the API.
 * Throws a non-retryable ProviderError for an address or a variable that is not allowed.
 */
export function providerKey(endpoint: ResolvedEndpoint, secret: SecretLookup, providerName: string): string | null {
  if (!isAllowedProviderUrl(endpoint.baseUrl)) throw new ProviderError('rejected', providerUrlRefusal(endpoint.baseUrl));
  if (endpoint.apiKeyEnv === null) return null;
  if (!isAllowedSecretEnv(endpoint.apiKeyEnv)) throw new ProviderError('rejected', secretEnvRefusal(endpoint.apiKeyEnv));
  const key = secret(endpoint.apiKeyEnv);
  if (key === undefined || key === '') {
    throw new ProviderError('rejected', `The environment variable ${endpoint.apiKeyEnv} (the ${providerName} API key) is not set.`);
  }
  return key;
}
