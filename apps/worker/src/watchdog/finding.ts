export type { Finding } from '@quarterdeck/engine';

export const EVIDENCE_LIMIT = 20;
/** Evidence lines are cut to this many characters (the event catalogue keeps payloads small). */
export const EVIDENCE_LINE_CHARS = 500;

export function evidenceLine(line: string): string {
  const trimmed = line.trim();
  return trimmed.length > EVIDENCE_LINE_CHARS ? `${trimmed.slice(0, EVIDENCE_LINE_CHARS)}…` : trimmed;
}
