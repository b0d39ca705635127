import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { providerUrlAllowlistSetting, secretEnvAllowlistSetting, secretValuesOf } from '@quarterdeck/contracts';
import { readDatabaseEnv, StartupError } from '@quarterdeck/db';
import { z } from 'zod';
import { DEFAULT_LIVE_OPTIONS } from './live/live-options';

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const apiEnvSchema = z.object({
  QUARTERDECK_PORT: z.coerce.number().int().min(0).max(65535).default(3333),
  QUARTERDECK_HOST: z.string().min(1).default('127.0.0.1'),
  QUARTERDECK_WEB_DIST: z.string().min(1).default(defaultWebDist),
  /** Public URL people reach the dashboard at (used in login links). */
  QUARTERDECK_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Browser origins besides the API's own that may open a WebSocket, comma separated. */
  QUARTERDECK_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine(
            (origin) => URL.canParse(origin) && new URL(origin).origin === origin,
            'must list origins such as https://dash.example.com',
          ),
      ),
    ),
  QUARTERDECK_LIVE_MAX_BUFFERED_BYTES: z.coerce.number().int().min(16_384).default(DEFAULT_LIVE_OPTIONS.maxBufferedBytes),
  QUARTERDECK_LIVE_TOKEN_COALESCE_MS: z.coerce.number().int().min(0).max(1_000).default(DEFAULT_LIVE_OPTIONS.tokenCoalesceMs),
  QUARTERDECK_WS_HEARTBEAT_MS: z.coerce.number().int().min(1_000).default(DEFAULT_LIVE_OPTIONS.heartbeatMs),
  /** The API checks agents' key variables and provider URLs against the same lists as the worker. */
  QUARTERDECK_SECRET_ENV_ALLOWLIST: secretEnvAllowlistSetting,
  QUARTERDECK_PROVIDER_URL_ALLOWLIST: providerUrlAllowlistSetting,
  /** Largest request body any HTTP entry point reads; an amended artifact (2,000,000 characters) must fit. */
  QUARTERDECK_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(1_073_741_824)
    .default(8 * 1_024 * 1_024),
  /** The most requests a minute a token of each role may make, whatever the token itself says. */
  QUARTERDECK_RATE_LIMIT_VIEWER: perMinute(1_200),
  QUARTERDECK_RATE_LIMIT_OPERATOR: perMinute(3_000),
  QUARTERDECK_RATE_LIMIT_ADMIN: perMinute(6_000),
  /** Per client address: calls without a valid token, and login-link exchanges. */
  QUARTERDECK_RATE_LIMIT_ANONYMOUS: perMinute(120),
  QUARTERDECK_RATE_LIMIT_LOGIN: perMinute(10),
  /** The workers' notion of dead, so /healthz counts the same workers alive as the takeover does. */
  QUARTERDECK_WORKER_DEAD_AFTER_MS: z.coerce.number().int().min(1_000).default(6_000),
});

export type ApiEnv = ReturnType<typeof readApiEnv>;

export function readApiEnv(env: NodeJS.ProcessEnv = process.env) {
  const parsed = apiEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`The environment variable ${String(issue?.path[0])} ${issue?.message ?? 'is invalid'}.`);
  }
  const e = parsed.data;
  const database = readDatabaseEnv(env);
  return {
    database,
    port: e.QUARTERDECK_PORT,
    host: e.QUARTERDECK_HOST,
    webDist: path.resolve(e.QUARTERDECK_WEB_DIST),
    publicUrl: e.QUARTERDECK_PUBLIC_URL ?? `http://localhost:${e.QUARTERDECK_PORT}`,
    logLevel: e.LOG_LEVEL,
    secretPolicy: { envAllowlist: e.QUARTERDECK_SECRET_ENV_ALLOWLIST, providerUrlAllowlist: e.QUARTERDECK_PROVIDER_URL_ALLOWLIST },
    /** What the redactor must hide: the allowed keys this process can see, and its database password. */
    knownSecrets: secretValuesOf(env, e.QUARTERDECK_SECRET_ENV_ALLOWLIST, database.databaseUrl),
    limits: {
      maxBodyBytes: e.QUARTERDECK_MAX_BODY_BYTES,
      roleCeilings: {
        viewer: e.QUARTERDECK_RATE_LIMIT_VIEWER,
        operator: e.QUARTERDECK_RATE_LIMIT_OPERATOR,
        admin: e.QUARTERDECK_RATE_LIMIT_ADMIN,
      },
      anonymousPerMinute: e.QUARTERDECK_RATE_LIMIT_ANONYMOUS,
      loginPerMinute: e.QUARTERDECK_RATE_LIMIT_LOGIN,
    },
    workerDeadAfterMs: e.QUARTERDECK_WORKER_DEAD_AFTER_MS,
    live: {
      allowedOrigins: e.QUARTERDECK_ALLOWED_ORIGINS,
      maxBufferedBytes: e.QUARTERDECK_LIVE_MAX_BUFFERED_BYTES,
      tokenCoalesceMs: e.QUARTERDECK_LIVE_TOKEN_COALESCE_MS,
      heartbeatMs: e.QUARTERDECK_WS_HEARTBEAT_MS,
    },
  };
}
