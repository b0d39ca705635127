import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDatabaseEnv, StartupError } from '@quarterdeck/db';
import { z } from 'zod';

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const apiEnvSchema = z.object({
  QUARTERDECK_PORT: z.coerce.number().int().min(0).max(65535).default(3333),
  QUARTERDECK_HOST: z.string().min(1).default('127.0.0.1'),
  QUARTERDECK_WEB_DIST: z.string().min(1).default(defaultWebDist),
  /** Public URL people reach the dashboard at (used in login links). */
  QUARTERDECK_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  };
}
