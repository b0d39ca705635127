import { compareEventIds, humanizeEventType } from '../lib/format';
import type { QuarterdeckEvent } from '../types';
import { RelativeTime } from './RelativeTime';
import { StatusBadge } from './StatusBadge';
import { EmptyState } from './states';

interface EventTimelineProps {
  events: readonly QuarterdeckEvent[];
  emptyText?: string;
}

/** The event log, newest first: what happened, how serious, when. */
export function EventTimeline({ events, emptyText = 'No events yet.' }: EventTimelineProps) {
  if (events.length === 0) return <EmptyState title={emptyText} compact />;
  const newestFirst = [...events].sort((a, b) => compareEventIds(b.id, a.id));
  return (
    <ol className="timeline">
      {newestFirst.map((event) => {
        const summary = eventSummary(event.payload);
        return (
          <li key={event.id} className={`timeline__item timeline__item--${event.severity}`}>
            <div className="timeline__head">
              <span className="timeline__type">{humanizeEventType(event.type)}</span>
              {event.severity !== 'info' && <StatusBadge kind="severity" value={event.severity} />}
              <span className="timeline__time">
                <RelativeTime iso={event.createdAt} />
              </span>
            </div>
            {summary !== null && <p className="timeline__summary">{summary}</p>}
          </li>
        );
      })}
    </ol>
  );
}

/** A payload's human-readable line, when the event carries one. */
function eventSummary(payload: object): string | null {
  const fields: Record<string, unknown> = { ...payload };
  for (const key of ['message', 'summary', 'reason', 'question', 'responseContent', 'title', 'name']) {
    const value = fields[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}
