import { WatchdogRule } from '@quarterdeck/contracts';
import { z } from 'zod';

// The analyser's memory of one iteration between ticks. It is stored in
// iterations.watchdog_state (JSON) and travels to pool threads by structured clone, so it
// holds only plain data and stays small: bounded error table, bounded step history, and at
// most one unfinished line.

/** Distinct normalised errors remembered per iteration; the rarest oldest ones go first. */
export const MAX_DISTINCT_ERRORS = 200;
/** Characters of a step's result kept from its start and from its end for the loop signature. */
export const RESULT_SAMPLE_CHARS = 256;
/** Bytes of an unfinished line carried to the next tick; the rest of an endless line is dropped. */
export const MAX_PARTIAL_LINE_BYTES = 64 * 1024;
/** Steps remembered for loop detection (two alternating actions × the highest loop count). */
export const MAX_RECENT_STEPS = 2 * 1_000;

const errorEntry = z.object({ key: z.string(), count: z.number().int(), evidence: z.array(z.string()) });
const step = z.object({ action: z.string(), head: z.string(), tail: z.string() });
const recentStep = z.object({ signature: z.string(), action: z.string() });

export const analyserState = z.object({
  version: z.literal(1),
  /** Bytes of the log consumed, the unfinished line included (= iterations.analysed_bytes). */
  offset: z.number().int().min(0),
  /** The unfinished last line, base64 (it may end inside a UTF-8 sequence). */
  partial: z.string(),
  /** Times are epoch milliseconds from the injected clock: when a tick first saw the line. */
  lastOutputAt: z.number().nullable(),
  lastOutputLine: z.string().nullable(),
  lastToolCallAt: z.number().nullable(),
  lastToolCallLine: z.string().nullable(),
  errors: z.array(errorEntry),
  /** The step in progress: a tool call and the start and end of what followed it. */
  step: step.nullable(),
  recentSteps: z.array(recentStep),
  /** Rules already reported for this iteration (each fires once). */
  fired: z.array(WatchdogRule),
});
export type AnalyserState = z.infer<typeof analyserState>;
export type ErrorEntry = z.infer<typeof errorEntry>;

export function initialAnalyserState(): AnalyserState {
  return {
    version: 1,
    offset: 0,
    partial: '',
    lastOutputAt: null,
    lastOutputLine: null,
    lastToolCallAt: null,
    lastToolCallLine: null,
    errors: [],
    step: null,
    recentSteps: [],
    fired: [],
  };
}

/**
 * The stored state, or a fresh one when there is none. A stored state that does not parse
 * (written by an incompatible version) restarts analysis at `analysedBytes` with empty
 * memory rather than re-reading the log from 0.
 */
export function loadAnalyserState(stored: unknown, analysedBytes: number): AnalyserState {
  if (stored === null || stored === undefined) return { ...initialAnalyserState(), offset: analysedBytes };
  const parsed = analyserState.safeParse(stored);
  return parsed.success ? parsed.data : { ...initialAnalyserState(), offset: analysedBytes };
}
