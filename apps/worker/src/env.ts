import path from 'node:path';
import { providerUrlAllowlistSetting, secretEnvAllowlistSetting, secretValuesOf } from '@quarterdeck/contracts';
import { readDatabaseEnv, StartupError, type AuditKeyConfig } from '@quarterdeck/db';
import { z } from 'zod';
import type { EngineConfig } from '@quarterdeck/engine';
import { DEFAULT_RUNTIME_SETTINGS, secretLookup, type RuntimeSettings } from './runtime/settings';
import type { WatchdogModuleSettings } from './watchdog/module';

// The only file of the worker that reads the process environment: everything is parsed
// here once, at start-up, and handed to the engine, the runtime and the watchdog as plain
// settings. (API keys are the exception that proves it: the runtime gets a lookup over the
// environment object passed in here, so a key is read by name when a call needs it.)

const positiveMs = (min: number) => z.coerce.number().int().min(min);

const workerEnvSchema = z.object({
  QUARTERDECK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Beats every second and presumed dead after six silent ones: a killed worker's attempt is
   * taken over by another within about 8 s (dead-after + one beat of a peer + one queue poll),
   * for one row update and one small query a second per worker.
   */
  QUARTERDECK_WORKER_HEARTBEAT_MS: positiveMs(100).default(1_000),
  /** A worker silent this long is presumed dead: its queue locks are released and its sessions may be taken over. */
  QUARTERDECK_WORKER_DEAD_AFTER_MS: positiveMs(1_000).default(6_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Orchestration engine.
  QUARTERDECK_ORCHESTRATOR_TICK_SECONDS: z.coerce.number().int().min(1).default(60),
  /** 0: a review or question waits forever. */
  QUARTERDECK_HITL_TIMEOUT_MS: positiveMs(0).default(24 * 60 * 60 * 1_000),
  QUARTERDECK_HITL_TIMEOUT_ACTION: z.enum(['escalate', 'fail']).default('escalate'),
  QUARTERDECK_SESSION_POLL_MS: positiveMs(50).default(500),
  QUARTERDECK_ORPHAN_AFTER_MS: positiveMs(1_000).default(120_000),

  // Agent runtime.
  QUARTERDECK_WORKSPACES_DIR: z.string().trim().min(1).optional(),
  QUARTERDECK_SIMULATED_TOKENS_PER_SECOND: z.coerce.number().positive().default(DEFAULT_RUNTIME_SETTINGS.simulatedTokensPerSecond),

  // Watchdog and QA cycle.
  /** Extra ticks between the crontab's minutes (e.g. 10000 for every 10 s); 0 for the crontab only. */
  QUARTERDECK_WATCHDOG_INTERVAL_MS: positiveMs(0).default(0),
  QUARTERDECK_WATCHDOG_HEARTBEAT_TIMEOUT_MS: positiveMs(1_000).default(120_000),
  QUARTERDECK_WATCHDOG_ON_STUCK: z.enum(['retry', 'escalate']).default('retry'),
  QUARTERDECK_WATCHDOG_RETRY_DELAY_MS: positiveMs(0).default(0),
  QUARTERDECK_QA_CRON: z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'must be a five-field crontab schedule such as "*/15 * * * *"')
    .default('*/15 * * * *'),
  QUARTERDECK_QA_VERIFY_TIMEOUT_MS: positiveMs(1_000).default(300_000),
  PATH: z.string().default('/usr/local/bin:/usr/bin:/bin'),

  // Secrets: which variables agents may use as keys, where providers may be.
  QUARTERDECK_SECRET_ENV_ALLOWLIST: secretEnvAllowlistSetting,
  QUARTERDECK_PROVIDER_URL_ALLOWLIST: providerUrlAllowlistSetting,
});

/** What the job modules of one worker process are configured with. */
export interface WorkerSettings {
  engine: Partial<EngineConfig>;
  runtime: RuntimeSettings;
  watchdog: WatchdogModuleSettings;
  /** Where the event log's audit key comes from (QUARTERDECK_AUDIT_KEY or the data folder). */
  audit: AuditKeyConfig;
}

export type WorkerEnv = ReturnType<typeof readWorkerEnv>;

function parseEnv(env: NodeJS.ProcessEnv) {
  const parsed = workerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(`The environment variable ${String(issue?.path[0])} ${issue?.message ?? 'is invalid'}.`);
  }
  return parsed.data;
}

/** The settings of the engine, the runtime and the watchdog, from the environment. */
export function readWorkerSettings(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const e = parseEnv(env);
  const database = readDatabaseEnv(env);
  return {
    engine: {
      tickIntervalSeconds: e.QUARTERDECK_ORCHESTRATOR_TICK_SECONDS,
      hitlTimeoutMs: e.QUARTERDECK_HITL_TIMEOUT_MS === 0 ? null : e.QUARTERDECK_HITL_TIMEOUT_MS,
      hitlTimeoutAction: e.QUARTERDECK_HITL_TIMEOUT_ACTION,
      // One notion of "dead" for the queue locks and for taking over sessions.
      workerDeadAfterMs: e.QUARTERDECK_WORKER_DEAD_AFTER_MS,
      sessionPollMs: e.QUARTERDECK_SESSION_POLL_MS,
      orphanAfterMs: e.QUARTERDECK_ORPHAN_AFTER_MS,
    },
    runtime: {
      ...DEFAULT_RUNTIME_SETTINGS,
      simulatedTokensPerSecond: e.QUARTERDECK_SIMULATED_TOKENS_PER_SECOND,
      secret: secretLookup(env),
      workspaceRoot: path.resolve(e.QUARTERDECK_WORKSPACES_DIR ?? path.join(database.dataDir, 'workspaces')),
      secretEnvAllowlist: e.QUARTERDECK_SECRET_ENV_ALLOWLIST,
      providerUrlAllowlist: e.QUARTERDECK_PROVIDER_URL_ALLOWLIST,
      // The allowed keys are registered from the lookup; the database password is the other secret a worker holds.
      knownSecrets: secretValuesOf(env, [], database.databaseUrl),
    },
    watchdog: {
      tickIntervalMs: e.QUARTERDECK_WATCHDOG_INTERVAL_MS === 0 ? null : e.QUARTERDECK_WATCHDOG_INTERVAL_MS,
      heartbeatTimeoutMs: e.QUARTERDECK_WATCHDOG_HEARTBEAT_TIMEOUT_MS,
      policy: { onStuck: e.QUARTERDECK_WATCHDOG_ON_STUCK, retryDelayMs: e.QUARTERDECK_WATCHDOG_RETRY_DELAY_MS },
      qaCron: e.QUARTERDECK_QA_CRON,
      verificationTimeoutMs: e.QUARTERDECK_QA_VERIFY_TIMEOUT_MS,
      verificationPath: e.PATH,
    },
    audit: { auditKey: database.auditKey, dataDir: database.dataDir },
  };
}

export function readWorkerEnv(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(env);
  return {
    database: readDatabaseEnv(env),
    concurrency: e.QUARTERDECK_WORKER_CONCURRENCY,
    heartbeatMs: e.QUARTERDECK_WORKER_HEARTBEAT_MS,
    deadAfterMs: e.QUARTERDECK_WORKER_DEAD_AFTER_MS,
    logLevel: e.LOG_LEVEL,
    settings: readWorkerSettings(env),
  };
}
