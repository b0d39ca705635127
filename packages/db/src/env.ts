import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DatabaseConfig } from './database';
import { StartupError } from './startup-error';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://'),
  QUARTERDECK_OWNER_DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), 'must start with postgres:// or postgresql://'),
  QUARTERDECK_AUDIT_KEY: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => value === undefined || value.length >= 32, 'must be at least 32 characters (for example `openssl rand -hex 32`)'),
  QUARTERDECK_DATA_DIR: z.string().trim().min(1).default(path.join(repoRoot, '.quarterdeck')),
  QUARTERDECK_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
});

/** The database settings from the environment (the only place they are read). */
export function readDatabaseEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = databaseEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`The environment variable ${String(issue?.path[0])} ${issue?.message ?? 'is invalid'}.`);
  }
  return {
    databaseUrl: parsed.data.DATABASE_URL,
    ownerDatabaseUrl: parsed.data.QUARTERDECK_OWNER_DATABASE_URL,
    auditKey: parsed.data.QUARTERDECK_AUDIT_KEY,
    dataDir: path.resolve(parsed.data.QUARTERDECK_DATA_DIR),
    embeddedPort: parsed.data.QUARTERDECK_PG_PORT,
  };
}
