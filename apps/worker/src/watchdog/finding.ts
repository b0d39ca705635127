import type { WatchdogRule } from '@quarterdeck/contracts';

/** One thing the watchdog noticed, with the log lines (or facts) that show it. */
export interface Finding {
  rule: WatchdogRule;
  /** One sentence a person can act on. */
  summary: string;
  /** The lines that triggered the rule, oldest first; at most EVIDENCE_LIMIT. */
  evidence: string[];
}

export const EVIDENCE_LIMIT = 20;
/** Evidence lines are cut to this many characters (the event catalogue keeps payloads small). */
export const EVIDENCE_LINE_CHARS = 500;

export function evidenceLine(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > EVIDENCE_LINE_CHARS ? `${trimmed.slice(0, EVIDENCE_LINE_CHARS)}…` : trimmed;
}
