import { readDatabaseEnv, StartupError } from '@quarterdeck/db';
import { z } from 'zod';

const workerEnvSchema = z.object({
  QUARTERDECK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  QUARTERDECK_WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5_000),
  /** A worker silent this long is presumed dead and its queue locks are released. */
  QUARTERDECK_WORKER_DEAD_AFTER_MS: z.coerce.number().int().min(1_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type WorkerEnv = ReturnType<typeof readWorkerEnv>;

export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env) {
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`The environment variable ${String(issue?.path[0])} ${issue?.message ?? 'is invalid'}.`);
  }
  return {
    database: readDatabaseEnv(env),
    concurrency: parsed.data.QUARTERDECK_WORKER_CONCURRENCY,
    heartbeatMs: parsed.data.QUARTERDECK_WORKER_HEARTBEAT_MS,
    deadAfterMs: parsed.data.QUARTERDECK_WORKER_DEAD_AFTER_MS,
    logLevel: parsed.data.LOG_LEVEL,
  };
}
