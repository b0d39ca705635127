/** Settings of the orchestration engine; every field has a production default. */
export interface EngineConfig {
  /** How often the orchestrator tick runs from the crontab, in seconds (minute resolution). */
  tickIntervalSeconds: number;
  /** Multiplies every retry backoff (tests and benchmarks shrink it). */
  retryBackoffScale: number;
  /** How long a review or question waits before its timeout action; null waits forever. */
  hitlTimeoutMs: number | null;
  hitlTimeoutAction: 'escalate' | 'fail';
  /** A session whose worker has been silent this long may be taken over by another worker. */
  workerDeadAfterMs: number;
  /** How often a running execution beats and checks whether it was terminated. */
  sessionPollMs: number;
  /** A task left `working` with no live session this long is handed to the queue again. */
  orphanAfterMs: number;
}

export const defaultEngineConfig: EngineConfig = {
  tickIntervalSeconds: 60,
  retryBackoffScale: 1,
  hitlTimeoutMs: 24 * 60 * 60 * 1_000,
  hitlTimeoutAction: 'escalate',
  workerDeadAfterMs: 30_000,
  sessionPollMs: 500,
  orphanAfterMs: 120_000,
};

/** graphile-worker's crontab is minute-granular: the interval rounds up to whole minutes. */
export function tickCron(tickIntervalSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(tickIntervalSeconds / 60));
  return minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`;
}
