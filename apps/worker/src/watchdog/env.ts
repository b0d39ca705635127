import { StartupError } from '@quarterdeck/db';
import { z } from 'zod';
import type { WatchdogModuleSettings } from './module';

// The watchdog's and QA cycle's settings from the environment, read once at start-up.
const watchdogEnvSchema = z.object({
  /** Extra ticks between the crontab's minutes (e.g. 10000 for every 10 s); 0 for the crontab only. */
  QUARTERDECK_WATCHDOG_INTERVAL_MS: z.coerce.number().int().min(0).default(0),
  QUARTERDECK_WATCHDOG_HEARTBEAT_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(120_000),
  QUARTERDECK_WATCHDOG_ON_STUCK: z.enum(['retry', 'escalate']).default('retry'),
  QUARTERDECK_WATCHDOG_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** crontab schedule of the QA cycle. */
  QUARTERDECK_QA_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'must be a five-field crontab schedule such as "*/15 * * * *"')
    .default('*/15 * * * *'),
  QUARTERDECK_QA_VERIFY_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(300_000),
});

export function readWatchdogEnv(env: NodeJS.ProcessEnv = process.env): WatchdogModuleSettings {
  const parsed = watchdogEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`The environment variable ${String(issue?.path[0])} ${issue?.message ?? 'is invalid'}.`);
  }
  const e = parsed.data;
  return {
    tickIntervalMs: e.QUARTERDECK_WATCHDOG_INTERVAL_MS === 0 ? null : e.QUARTERDECK_WATCHDOG_INTERVAL_MS,
    heartbeatTimeoutMs: e.QUARTERDECK_WATCHDOG_HEARTBEAT_TIMEOUT_MS,
    policy: { onStuck: e.QUARTERDECK_WATCHDOG_ON_STUCK, retryDelayMs: e.QUARTERDECK_WATCHDOG_RETRY_DELAY_MS },
    qaCron: e.QUARTERDECK_QA_CRON,
    verificationTimeoutMs: e.QUARTERDECK_QA_VERIFY_TIMEOUT_MS,
  };
}
