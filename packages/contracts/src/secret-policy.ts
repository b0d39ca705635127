import { z } from 'zod';
import { passwordOf } from './redact';

// Which environment variables agents may use as keys, and which provider addresses they may
// call: the server operator's decision, read once at start-up by each process's env.ts and
// set here, so that every place that accepts an agent's configuration (the API's create and
// update inputs, the worker before it reads a key) applies the same rule.

/** The key variables of the well-known hosted providers: names only, never values. */
export const DEFAULT_SECRET_ENV_ALLOWLIST = [
  'OPENAI_API_KEY',
  'OPENROUTER_API_KEY',
  'ANTHROPIC_API_KEY',
  'GEMINI_API_KEY',
  'GROQ_API_KEY',
  'MISTRAL_API_KEY',
  'DEEPSEEK_API_KEY',
  'TOGETHER_API_KEY',
] as const;

export interface SecretPolicy {
  /** Environment variables an agent may name as its key (apiKeyEnv, cli.passEnv). */
  envAllowlist: readonly string[];
  /** URL prefixes provider base URLs must start with; null allows every URL (local Ollama is the usual case). */
  providerUrlAllowlist: readonly string[] | null;
}

let current: SecretPolicy = { envAllowlist: DEFAULT_SECRET_ENV_ALLOWLIST, providerUrlAllowlist: null };

export function configureSecretPolicy(policy: SecretPolicy): void {
  current = {
    envAllowlist: [...policy.envAllowlist],
    providerUrlAllowlist: policy.providerUrlAllowlist === null ? null : policy.providerUrlAllowlist.map(withoutTrailingSlash),
  };
}

export function secretPolicy(): SecretPolicy {
  return current;
}

export function isAllowedSecretEnv(name: string): boolean {
  return current.envAllowlist.includes(name);
}

/** Allowed when the URL is one of the prefixes or continues one at a path boundary. */
export function isAllowedProviderUrl(url: string): boolean {
  if (current.providerUrlAllowlist === null) return true;
  const candidate = withoutTrailingSlash(url);
  return current.providerUrlAllowlist.some((prefix) => candidate === prefix || candidate.startsWith(`${prefix}/`));
}

export function secretEnvRefusal(name: string): string {
  const allowed = current.envAllowlist.length === 0 ? 'none' : current.envAllowlist.join(', ');
  return `${name} is not a key variable the server allows (allowed: ${allowed}; the operator sets QUARTERDECK_SECRET_ENV_ALLOWLIST)`;
}

export function providerUrlRefusal(url: string): string {
  return `${url} is not an address the server allows providers at (allowed: ${(current.providerUrlAllowlist ?? []).join(', ')}; the operator sets QUARTERDECK_PROVIDER_URL_ALLOWLIST)`;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** QUARTERDECK_SECRET_ENV_ALLOWLIST: comma-separated variable names; unset means the defaults, empty means none. */
export const secretEnvAllowlistSetting = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined ? [...DEFAULT_SECRET_ENV_ALLOWLIST] : splitList(raw)))
  .refine((names) => names.every((name) => ENV_NAME.test(name)), 'must list environment variable names separated by commas');

/** QUARTERDECK_PROVIDER_URL_ALLOWLIST: comma-separated URL prefixes; unset or empty allows every URL. */
export const providerUrlAllowlistSetting = z
  .string()
  .optional()
  .transform((raw) => {
    const prefixes = splitList(raw ?? '');
    return prefixes.length === 0 ? null : prefixes;
  })
  .refine((prefixes) => prefixes === null || prefixes.every(isHttpUrl), 'must list http(s) URLs separated by commas');

function splitList(raw: string): string[] {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * The embedded Postgres's fixed loopback-only password: it is in the source, so not a secret,
 * and as a word ("quarterdeck") it is in paths, channel names and messages everywhere.
 */
const PUBLIC_PASSWORDS: readonly string[] = ['quarterdeck'];

/** The values a process registers with the redactor: its allowed keys that are set, and its database password. */
export function secretValuesOf(
  env: Readonly<Record<string, string | undefined>>,
  envAllowlist: readonly string[],
  databaseUrl: string | null | undefined,
): string[] {
  const values = envAllowlist.map((name) => env[name]).filter((value): value is string => value !== undefined && value !== '');
  const password = passwordOf(databaseUrl);
  if (password !== null && !PUBLIC_PASSWORDS.includes(password)) values.push(password);
  return values;
}
