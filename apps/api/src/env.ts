import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDatabaseEnv, StartupError } from '@quarterdeck/db';
import { z } from 'zod';
import { DEFAULT_LIVE_OPTIONS } from './live/live-options';

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

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
});

export type ApiEnv = ReturnType<typeof readApiEnv>;

export function readApiEnv(env: NodeJS.ProcessEnv = process.env) {
  const parsed = apiEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`The environment variable ${String(issue?.path[0])} ${issue?.message ?? 'is invalid'}.`);
  }
  const { QUARTERDECK_PORT: port, QUARTERDECK_HOST: host } = parsed.data;
  return {
    database: readDatabaseEnv(env),
    port,
    host,
    webDist: path.resolve(parsed.data.QUARTERDECK_WEB_DIST),
    publicUrl: parsed.data.QUARTERDECK_PUBLIC_URL ?? `http://localhost:${port}`,
    logLevel: parsed.data.LOG_LEVEL,
    live: {
      allowedOrigins: parsed.data.QUARTERDECK_ALLOWED_ORIGINS,
      maxBufferedBytes: parsed.data.QUARTERDECK_LIVE_MAX_BUFFERED_BYTES,
      tokenCoalesceMs: parsed.data.QUARTERDECK_LIVE_TOKEN_COALESCE_MS,
      heartbeatMs: parsed.data.QUARTERDECK_WS_HEARTBEAT_MS,
    },
  };
}
