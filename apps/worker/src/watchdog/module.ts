import type { TemplateCatalog, WorkflowStep } from '@quarterdeck/contracts/templates';
import { DEFAULT_STUCK_POLICY, enqueue, type StuckPolicy } from '@quarterdeck/engine';
import type { JobModule } from '../jobs/job-module';
import { runQaCycle } from '../qa/qa-cycle';
import { runWatchdogTick } from './tick';

export interface WatchdogModuleSettings {
  /** Self-rescheduling ticks this often, besides the crontab's every minute; null: crontab only. */
  tickIntervalMs: number | null;
  heartbeatTimeoutMs: number;
  policy: StuckPolicy;
  /** crontab schedule of the QA cycle (it can also be queued by hand: `qa_cycle`). */
  qaCron: string;
  verificationTimeoutMs: number;
  /** PATH of verification commands (they get no other variable of the worker's environment). */
  verificationPath: string;
}

export const DEFAULT_WATCHDOG_SETTINGS: WatchdogModuleSettings = {
  tickIntervalMs: null,
  heartbeatTimeoutMs: 120_000,
  policy: DEFAULT_STUCK_POLICY,
  qaCron: '*/15 * * * *',
  verificationTimeoutMs: 300_000,
  verificationPath: '/usr/local/bin:/usr/bin:/bin',
};

export interface WatchdogModuleOptions {
  catalog: TemplateCatalog | (() => Promise<TemplateCatalog>);
  settings?: Partial<WatchdogModuleSettings>;
  /** The clock (epoch ms); tests move it forward to cross the silence thresholds. */
  now?: () => number;
}

/** New log bytes analysed per iteration per tick; a burst larger than this spreads over ticks. */
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

// Ticks and QA cycles each run in their own named queue (the job catalogue names them):
// graphile-worker runs a queue's jobs one at a time, so the crontab's tick and the interval's
// tick never overlap.
const INTERVAL_KEY = 'watchdog_tick:interval';

/** The watchdog tick (crontab + optional interval) and the QA cycle (crontab + by hand). */
export function watchdogJobs(options: WatchdogModuleOptions): JobModule {
  const settings: WatchdogModuleSettings = { ...DEFAULT_WATCHDOG_SETTINGS, ...options.settings };
  const now = options.now ?? Date.now;
  let catalogPromise: Promise<TemplateCatalog> | undefined;
  const catalog = () => {
    const source = options.catalog;
    catalogPromise ??= typeof source === 'function' ? source() : Promise.resolve(source);
    return catalogPromise;
  };
  const stepLookup = async () => {
    const loaded = await catalog();
    return (workflowId: string | null, stepId: string | null): WorkflowStep | null =>
      (workflowId && stepId ? loaded.getWorkflow(workflowId)?.steps.find((step) => step.id === stepId) : undefined) ?? null;
  };

  return {
    name: 'watchdog',
    handlers: ({ db, pool, logger, shutdownSignal }) => ({
      watchdog_tick: async ({ sessionId }) => {
        try {
          const report = await runWatchdogTick({
            db,
            pool,
            logger,
            now,
            stepOf: await stepLookup(),
            policy: settings.policy,
            heartbeatTimeoutMs: settings.heartbeatTimeoutMs,
            maxChunkBytes: MAX_CHUNK_BYTES,
            signal: shutdownSignal,
            ...(sessionId ? { sessionId } : {}),
          });
          if (report.stopped.length > 0 || report.durationMs > 1_000)
            logger.info({ ...report, stopped: report.stopped.length }, 'watchdog tick');
        } finally {
          // The chain of interval ticks survives a failed tick; the crontab restarts it if it breaks anyway.
          if (settings.tickIntervalMs !== null && sessionId === undefined && !shutdownSignal.aborted) {
            await enqueue(
              db,
              'watchdog_tick',
              {},
              { runAt: new Date(Date.now() + settings.tickIntervalMs), jobKey: INTERVAL_KEY, maxAttempts: 1 },
            );
          }
        }
      },
      qa_cycle: async (parsed) => {
        await runQaCycle(
          {
            db,
            logger,
            stepOf: await stepLookup(),
            verification: { timeoutMs: settings.verificationTimeoutMs, path: settings.verificationPath },
            now,
          },
          parsed,
        );
      },
    }),
    // The interval's chain starts with the process rather than at the crontab's next minute.
    ...(settings.tickIntervalMs === null ? {} : { startJobs: [{ identifier: 'watchdog_tick', payload: {}, jobKey: INTERVAL_KEY }] }),
    schedules: { qa_cycle: settings.qaCron },
  };
}
