import type { Db } from '@quarterdeck/db';
import {
  applyHeartbeats,
  releaseAnsweredAgents,
  saveAnalyserStates,
  stopStuckSession,
  type StopResult,
  type StuckPolicy,
} from '@quarterdeck/engine';
import type { Logger } from 'pino';
import type { CpuPool } from '../pool/cpu-pool';
import { analyseOnPool } from './analyse-on-pool';
import type { AnalyseItem } from './analyse-task';
import { loadAnalyserState, type AnalyserState } from './analyser-state';
import type { Finding } from './finding';

import { loadRunningSessions, type RunningSession } from './running-sessions';
import { checkSilence } from './silence';

import { resolveThresholds, type StepWatchSettings } from './thresholds';

export interface WatchdogTickDeps {
  db: Db;
  pool: CpuPool;
  logger: Logger;
  /** The injected clock (epoch ms): tests and the bench drive time with it. */
  now: () => number;
  /** The workflow step a task was made from (its long-running flag and threshold overrides). */
  stepOf: (workflowId: string | null, stepId: string | null) => StepWatchSettings | null;
  policy: StuckPolicy;
  /** A session silent this long shows its agent offline. */
  heartbeatTimeoutMs: number;
  /** At most this many new log bytes per iteration per tick; the rest waits for the next tick. */
  maxChunkBytes: number;
  signal?: AbortSignal;
  /** Look at this session only (a tick queued for one session). */
  sessionId?: string;
}

export interface TickReport {
  sessions: number;
  analysedBytes: number;
  stopped: Array<{ sessionId: string; rules: string[] } & StopResult>;
  agentsChanged: number;
  durationMs: number;
}

/**
 * One pass over every running session: analyse the new log bytes on the pool, check the
 * silence rules against the clock, save each iteration's analyser state, then act on what
 * was found. Saving comes before acting, so a crash in between re-acts on nothing twice:
 * the findings are re-derived only from bytes not yet saved as analysed.
 */
export async function runWatchdogTick(deps: WatchdogTickDeps): Promise<TickReport> {
  const started = performance.now();
  const sessions = await loadRunningSessions(deps.db, deps.maxChunkBytes, deps.sessionId ?? null);
  const now = deps.now();

  const watched = sessions.flatMap((session) => {
    if (session.iterationId === null) return [];
    const { thresholds, problem } = resolveThresholds(session.agentConfig, deps.stepOf(session.workflowId, session.stepId), {
      expectsToolCalls: session.agentRuntime === 'cli' || session.lastToolCallAt !== null,
    });
    if (problem) deps.logger.warn({ agentId: session.agentId }, problem);
    if (!thresholds.enabled) return [];
    return [
      { session, iterationId: session.iterationId, thresholds, state: loadAnalyserState(session.watchdogState, session.analysedBytes) },
    ];
  });

  const items: AnalyseItem[] = watched
    .filter((entry) => entry.session.chunk.length > 0)
    .map((entry) => ({
      key: entry.iterationId,
      state: entry.state,
      chunk: entry.session.chunk,
      settings: { repeatedErrorCount: entry.thresholds.repeatedErrorCount, repetitionLoopCount: entry.thresholds.repetitionLoopCount },
    }));
  const analysedBytes = items.reduce((sum, item) => sum + item.chunk.length, 0);
  const analysed = new Map((await analyseOnPool(deps.pool, now, items, deps.signal)).map((result) => [result.key, result]));

  const toSave: Array<{ iterationId: string; state: AnalyserState; previousOffset: number }> = [];
  const toStop: Array<{ session: RunningSession; findings: Finding[] }> = [];
  for (const entry of watched) {
    const result = analysed.get(entry.iterationId);
    const state = result?.state ?? entry.state;
    const silence = checkSilence(
      state,
      {
        now,
        iterationStartedAt: (entry.session.iterationStartedAt ?? entry.session.sessionStartedAt).getTime(),
        sessionLastOutputAt: entry.session.lastOutputAt?.getTime() ?? null,
        sessionLastToolCallAt: entry.session.lastToolCallAt?.getTime() ?? null,
      },
      entry.thresholds,
    );
    for (const finding of silence) state.fired.push(finding.rule);
    const findings = [...(result?.findings ?? []), ...silence];
    if (result !== undefined || silence.length > 0)
      toSave.push({ iterationId: entry.iterationId, state, previousOffset: entry.session.analysedBytes });
    if (findings.length > 0) toStop.push({ session: entry.session, findings });
  }
  await saveAnalyserStates(
    deps.db,
    toSave.map((save) => ({
      iterationId: save.iterationId,
      offset: save.state.offset,
      state: save.state,
      previousOffset: save.previousOffset,
    })),
  );

  const stopped: TickReport['stopped'] = [];
  for (const { session, findings } of toStop) {
    const result = await stopStuckSession(deps.db, session, findings, deps.policy, new Date(now));
    if (result === null) continue;
    deps.logger.warn(
      { sessionId: session.sessionId, rules: findings.map((f) => f.rule), action: result.action },
      'watchdog stopped a stuck session',
    );
    stopped.push({ sessionId: session.sessionId, rules: findings.map((finding) => finding.rule), ...result });
  }
  const stoppedIds = new Set(stopped.map((entry) => entry.sessionId));
  const stillRunning = sessions.filter((session) => !stoppedIds.has(session.sessionId));
  const agentsChanged =
    (await applyHeartbeats(deps.db, stillRunning, now, deps.heartbeatTimeoutMs)) + (await releaseAnsweredAgents(deps.db));
  return { sessions: sessions.length, analysedBytes, stopped, agentsChanged, durationMs: performance.now() - started };
}
