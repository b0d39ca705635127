import { Buffer } from 'node:buffer';
import type { WatchdogRule } from '@quarterdeck/contracts';
import {
  MAX_DISTINCT_ERRORS,
  MAX_PARTIAL_LINE_BYTES,
  MAX_RECENT_STEPS,
  RESULT_SAMPLE_CHARS,
  type AnalyserState,
  type ErrorEntry,
} from './analyser-state';
import { EVIDENCE_LIMIT, evidenceLine, type Finding } from './finding';
import { ASKS_FOR_HUMAN, ERROR_LINE, ERROR_WORD, HUMAN_WORD, TOOL_CALL_LINE } from './log-patterns';
import { normaliseError, stepSignature } from './normalise';

// The content rules (repeated error, repetition loop, asked for a human) evaluated over log
// bytes as they arrive. Pure: the same state and bytes give the same result, and feeding a
// log in any number of chunks gives the same findings as feeding it whole, because only
// complete lines are analysed and everything a rule needs from earlier lines is in the state.
// The silence rules need a clock, not bytes: see silence.ts.

export interface ContentRuleSettings {
  /** The same normalised error this many times → repeated_error. */
  repeatedErrorCount: number;
  /** The same step (action + result), or two alternating, this many times in a row → repetition_loop. */
  repetitionLoopCount: number;
}

export interface ChunkAnalysis {
  state: AnalyserState;
  findings: Finding[];
}

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8');

/** Analyse the next bytes of an iteration's log; `now` (epoch ms) is when they were read. */
export function analyseChunk(previous: AnalyserState, chunk: Uint8Array, now: number, settings: ContentRuleSettings): ChunkAnalysis {
  const state = copyState(previous);
  const findings: Finding[] = [];
  if (chunk.length === 0) return { state, findings };
  state.offset += chunk.length;
  state.lastOutputAt = now;

  const lastNewline = chunk.lastIndexOf(NEWLINE);
  const carried = state.partial === '' ? null : Buffer.from(state.partial, 'base64');
  if (lastNewline < 0) {
    state.partial = toPartial(carried, chunk);
    return { state, findings };
  }
  const complete = chunk.subarray(0, lastNewline + 1);
  const text = carried === null ? decoder.decode(complete) : decoder.decode(Buffer.concat([carried, complete]));
  state.partial = toPartial(null, chunk.subarray(lastNewline + 1));
  analyseLines(state, text, now, settings, findings);
  return { state, findings };
}

function toPartial(carried: Uint8Array | null, rest: Uint8Array): string {
  const room = MAX_PARTIAL_LINE_BYTES - (carried?.length ?? 0);
  if (rest.length === 0 && carried === null) return '';
  const kept = rest.subarray(0, Math.max(0, room));
  return (carried === null ? Buffer.from(kept) : Buffer.concat([carried, kept])).toString('base64');
}

function copyState(state: AnalyserState): AnalyserState {
  return {
    ...state,
    errors: state.errors.map((entry) => ({ ...entry, evidence: [...entry.evidence] })),
    step: state.step === null ? null : { ...state.step },
    recentSteps: [...state.recentSteps],
    fired: [...state.fired],
  };
}

// Event kinds in the order they apply when they fall on the same line.
const TOOL = 0;
const ERROR = 1;
const HUMAN = 2;
type Kind = typeof TOOL | typeof ERROR | typeof HUMAN;

interface LineEvent {
  kind: Kind;
  start: number;
  end: number;
}

/** `text` holds only complete lines and ends with a newline. */
function analyseLines(state: AnalyserState, text: string, now: number, settings: ContentRuleSettings, findings: Finding[]): void {
  const trimmed = text.trimEnd();
  if (trimmed.length > 0) state.lastOutputLine = evidenceLine(trimmed.slice(trimmed.lastIndexOf('\n') + 1));

  // One regex scan per rule over the whole text, then only the matching lines are looked at:
  // far cheaper than splitting into lines and testing each one.
  const errorLines = scanLines(text, ERROR_WORD, ERROR).filter((event) => ERROR_LINE.test(text.slice(event.start, event.end)));
  const humanLines = scanLines(text, HUMAN_WORD, HUMAN).filter((event) => ASKS_FOR_HUMAN.test(text.slice(event.start, event.end)));
  const events = [...scanLines(text, TOOL_CALL_LINE, TOOL), ...errorLines, ...humanLines];
  events.sort((a, b) => a.start - b.start || a.kind - b.kind);

  const errors = new Map(state.errors.map((entry) => [entry.key, entry]));
  let resultStart = 0;
  for (const event of events) {
    const line = text.slice(event.start, event.end);
    if (event.kind === TOOL) {
      appendResult(state, text.slice(resultStart, event.start));
      closeStep(state, settings, findings);
      state.step = { action: evidenceLine(line), head: '', tail: '' };
      state.lastToolCallAt = now;
      state.lastToolCallLine = evidenceLine(line);
      resultStart = event.end + 1;
    } else if (event.kind === ERROR) {
      countError(state, errors, line, settings, findings);
    } else {
      fire(state, findings, {
        rule: 'asked_for_human',
        summary: 'The agent asked for a human.',
        evidence: [evidenceLine(line)],
      });
    }
  }
  appendResult(state, text.slice(resultStart));
}

function scanLines(text: string, pattern: RegExp, kind: Kind): LineEvent[] {
  const found: LineEvent[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const start = match.index === 0 ? 0 : text.lastIndexOf('\n', match.index - 1) + 1;
    const end = text.indexOf('\n', match.index + match[0].length);
    found.push({ kind, start, end });
    // One event per line, however many times the pattern matches in it.
    pattern.lastIndex = end + 1;
  }
  return found;
}

function appendResult(state: AnalyserState, text: string): void {
  const step = state.step;
  if (step === null || text.length === 0) return;
  if (step.head.length < RESULT_SAMPLE_CHARS) step.head = (step.head + text.slice(0, RESULT_SAMPLE_CHARS)).slice(0, RESULT_SAMPLE_CHARS);
  step.tail = (step.tail + text.slice(-RESULT_SAMPLE_CHARS)).slice(-RESULT_SAMPLE_CHARS);
}

/** A new action ends the step before it: its signature joins the history, which is checked for a loop. */
function closeStep(state: AnalyserState, settings: ContentRuleSettings, findings: Finding[]): void {
  const step = state.step;
  if (step === null) return;
  // A result shorter than the sample is all in `head` (and `tail` repeats it): hash it once.
  const signature = stepSignature(step.head.length < RESULT_SAMPLE_CHARS ? [step.action, step.head] : [step.action, step.head, step.tail]);
  state.recentSteps.push({ signature, action: step.action });
  const keep = Math.min(MAX_RECENT_STEPS, 2 * settings.repetitionLoopCount);
  if (state.recentSteps.length > keep) state.recentSteps.splice(0, state.recentSteps.length - keep);

  const loop = detectLoop(state.recentSteps, settings.repetitionLoopCount);
  if (loop === null) return;
  const repeated = state.recentSteps.slice(-loop.steps);
  fire(state, findings, {
    rule: 'repetition_loop',
    summary:
      loop.period === 1
        ? `The agent repeated the same action with the same result ${settings.repetitionLoopCount} times in a row.`
        : `The agent alternated between the same two actions with the same results ${settings.repetitionLoopCount} times.`,
    evidence: repeated.slice(-EVIDENCE_LIMIT).map((step) => step.action),
  });
}

function detectLoop(recent: AnalyserState['recentSteps'], times: number): { period: 1 | 2; steps: number } | null {
  const n = recent.length;
  const last = recent[n - 1]?.signature;
  if (last === undefined) return null;
  if (n >= times && recent.slice(n - times).every((step) => step.signature === last)) return { period: 1, steps: times };
  const before = recent[n - 2]?.signature;
  if (before === undefined || before === last || n < 2 * times) return null;
  const alternates = recent.slice(n - 2 * times).every((step, index) => step.signature === (index % 2 === 1 ? last : before));
  return alternates ? { period: 2, steps: 2 * times } : null;
}

function countError(
  state: AnalyserState,
  errors: Map<string, ErrorEntry>,
  line: string,
  settings: ContentRuleSettings,
  findings: Finding[],
): void {
  const key = normaliseError(line);
  let entry = errors.get(key);
  if (entry === undefined) {
    if (state.errors.length >= MAX_DISTINCT_ERRORS) forgetOneError(state, errors);
    entry = { key, count: 0, evidence: [] };
    errors.set(key, entry);
    state.errors.push(entry);
  }
  entry.count += 1;
  if (entry.evidence.length < EVIDENCE_LIMIT) entry.evidence.push(evidenceLine(line));
  if (entry.count >= settings.repeatedErrorCount) {
    fire(state, findings, {
      rule: 'repeated_error',
      summary: `The same error appeared ${entry.count} times: ${key}`,
      evidence: entry.evidence,
    });
  }
}

/** Forget the oldest error seen only once (or else the oldest): repeats are what matter. */
function forgetOneError(state: AnalyserState, errors: Map<string, ErrorEntry>): void {
  const index = Math.max(
    0,
    state.errors.findIndex((entry) => entry.count <= 1),
  );
  const [removed] = state.errors.splice(index, 1);
  if (removed) errors.delete(removed.key);
}

function fire(state: AnalyserState, findings: Finding[], finding: Finding): void {
  if (state.fired.includes(finding.rule)) return;
  state.fired.push(finding.rule);
  findings.push({ ...finding, evidence: [...finding.evidence] });
}

export function hasFired(state: AnalyserState, rule: WatchdogRule): boolean {
  return state.fired.includes(rule);
}
