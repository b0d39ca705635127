import type { AnalyserState } from './analyser-state';
import { evidenceLine, type Finding } from './finding';
import type { EffectiveThresholds } from './thresholds';

// The silence rules: no output for noOutputMs, no tool call for noToolCallMs. Time comes
// from the caller (the tick's injected clock); "last seen" is the latest of what the
// analyser saw in the log, what the runtime stamped on the session, and the iteration start
// (silence is measured from when the iteration began, not from the epoch).

export interface SilenceFacts {
  now: number;
  iterationStartedAt: number;
  /** AgentSession.lastOutputAt / lastToolCallAt as the runtime stamped them. */
  sessionLastOutputAt: number | null;
  sessionLastToolCallAt: number | null;
}

export function checkSilence(state: AnalyserState, facts: SilenceFacts, thresholds: EffectiveThresholds): Finding[] {
  const findings: Finding[] = [];
  const lastOutput = latest(facts.iterationStartedAt, state.lastOutputAt, facts.sessionLastOutputAt);
  if (thresholds.noOutputMs !== null && !state.fired.includes('no_output') && facts.now - lastOutput >= thresholds.noOutputMs) {
    findings.push({
      rule: 'no_output',
      summary: `No output for ${minutes(facts.now - lastOutput)} (threshold ${minutes(thresholds.noOutputMs)}).`,
      evidence: [
        `last output at ${new Date(lastOutput).toISOString()}`,
        ...(state.lastOutputLine === null
          ? ['no output since the iteration started']
          : [`last line: ${evidenceLine(state.lastOutputLine)}`]),
      ],
    });
  }
  const lastToolCall = latest(facts.iterationStartedAt, state.lastToolCallAt, facts.sessionLastToolCallAt);
  if (thresholds.noToolCallMs !== null && !state.fired.includes('no_tool_call') && facts.now - lastToolCall >= thresholds.noToolCallMs) {
    findings.push({
      rule: 'no_tool_call',
      summary: `No tool call for ${minutes(facts.now - lastToolCall)} (threshold ${minutes(thresholds.noToolCallMs)}).`,
      evidence: [
        `last tool call at ${new Date(lastToolCall).toISOString()}`,
        ...(state.lastToolCallLine === null ? ['no tool call since the iteration started'] : [`last tool call: ${state.lastToolCallLine}`]),
        ...(state.lastOutputLine === null ? [] : [`last line: ${evidenceLine(state.lastOutputLine)}`]),
      ],
    });
  }
  return findings;
}

function latest(start: number, ...times: Array<number | null>): number {
  return times.reduce<number>((max, time) => (time !== null && time > max ? time : max), start);
}

function minutes(ms: number): string {
  const total = Math.floor(ms / 1_000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}
