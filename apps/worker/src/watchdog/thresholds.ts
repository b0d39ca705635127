import { DEFAULT_WATCHDOG_THRESHOLDS, watchdogThresholds, type WatchdogThresholds } from '@quarterdeck/contracts';
import type { StepWatchdog } from '@quarterdeck/contracts/templates';

/** The thresholds that apply to one session: the agent's, overridden by its workflow step's. */
export interface EffectiveThresholds {
  enabled: boolean;
  /** null: the rule is off (a long-running step, or an agent that does not call tools). */
  noToolCallMs: number | null;
  noOutputMs: number | null;
  repeatedErrorCount: number;
  repetitionLoopCount: number;
}

export interface StepWatchSettings {
  longRunning: boolean;
  watchdog?: StepWatchdog | undefined;
}

const MINUTE = 60_000;

/**
 * `agentConfig` is the raw Agent.config column. Its watchdog part is read on its own so that
 * an unrelated bad field elsewhere in the config cannot switch stuck detection off; a bad
 * watchdog part falls back to the defaults (and says so), never to "no watchdog".
 */
export function resolveThresholds(
  agentConfig: unknown,
  step: StepWatchSettings | null,
  options: { expectsToolCalls: boolean },
): { thresholds: EffectiveThresholds; problem: string | null } {
  const stored = isRecord(agentConfig) ? agentConfig.watchdog : undefined;
  const parsed = watchdogThresholds.partial().safeParse(stored ?? {});
  const agent: WatchdogThresholds = { ...DEFAULT_WATCHDOG_THRESHOLDS, ...(parsed.success ? parsed.data : {}) };
  const stepOverrides = step?.watchdog ?? {};
  const merged = {
    noToolCallMinutes: stepOverrides.noToolCallMinutes ?? agent.noToolCallMinutes,
    noOutputMinutes: stepOverrides.noOutputMinutes ?? agent.noOutputMinutes,
    repeatedErrorCount: stepOverrides.repeatedErrorCount ?? agent.repeatedErrorCount,
    repetitionLoopCount: stepOverrides.repetitionLoopCount ?? agent.repetitionLoopCount,
  };
  // A long-running phase (a slow build) is silent by nature: only the content rules apply.
  const silenceRules = !(step?.longRunning ?? false);
  return {
    thresholds: {
      enabled: agent.enabled,
      noToolCallMs: silenceRules && options.expectsToolCalls ? merged.noToolCallMinutes * MINUTE : null,
      noOutputMs: silenceRules ? merged.noOutputMinutes * MINUTE : null,
      repeatedErrorCount: merged.repeatedErrorCount,
      repetitionLoopCount: merged.repetitionLoopCount,
    },
    problem: parsed.success
      ? null
      : `the agent's watchdog settings are invalid (${parsed.error.issues[0]?.message ?? 'unknown'}); the defaults apply`,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
