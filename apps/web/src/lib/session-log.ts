import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import type { LogLine } from '../types';

type IterationLogEvent = Extract<QuarterdeckEvent, { type: 'iteration.log' }>;

export function isIterationLog(event: QuarterdeckEvent): event is IterationLogEvent {
  return event.type === 'iteration.log';
}

/**
 * The live lines to show under an iteration's loaded log. The loaded text (sessions.log) is
 * refetched now and then and already holds every batch that starts before its length, so only
 * batches at or past that offset are added: no line is shown twice, none is lost in between.
 */
export function liveLogAfter(events: readonly IterationLogEvent[], iterationId: string, loadedLength: number): LogLine[] {
  const seen = new Set<string>();
  const lines: LogLine[] = [];
  for (const event of events) {
    if (event.payload.iterationId !== iterationId || event.payload.offset < loadedLength || seen.has(event.id)) continue;
    seen.add(event.id);
    event.payload.lines.forEach((text, index) =>
      lines.push({ id: `${event.id}:${index}`, sessionId: event.sessionId ?? null, at: event.createdAt, text }),
    );
  }
  return lines;
}
