import { useLayoutEffect, useRef, useState } from 'react';
import type { EventSeverity, IsoDate } from '../types';
import { EmptyState } from './states';

export interface LogTailLine {
  id: string;
  text: string;
  at?: IsoDate;
  severity?: EventSeverity;
}

interface LogTailProps {
  lines: readonly LogTailLine[];
  label: string;
  /** Older lines beyond this are dropped from the view (the full log stays on the server). */
  limit?: number;
  emptyText?: string;
}

/** How close to the bottom (px) still counts as "following" the tail. */
const FOLLOW_SLACK = 24;

/**
 * A log that follows new lines like `tail -f` while the reader is at the bottom, and
 * stops following when they scroll up to read, with a button to jump back.
 */
export function LogTail({ lines, label, limit = 500, emptyText = 'No output yet.' }: LogTailProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const visible = lines.length > limit ? lines.slice(lines.length - limit) : lines;
  const lastId = visible.at(-1)?.id;

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (following && element !== null) element.scrollTop = element.scrollHeight;
  }, [lastId, following]);

  if (visible.length === 0) return <EmptyState title={emptyText} compact />;

  return (
    <div className="log-tail">
      <div
        ref={scrollRef}
        className="log-tail__scroll"
        role="log"
        aria-label={label}
        // Announcing every line would drown a screen reader; the reader scrolls instead.
        aria-live="off"
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          setFollowing(element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_SLACK);
        }}
      >
        {lines.length > visible.length && <p className="log-tail__dropped">{lines.length - visible.length} earlier lines not shown</p>}
        {visible.map((line) => (
          <div key={line.id} className={`log-tail__line${line.severity === undefined ? '' : ` log-tail__line--${line.severity}`}`}>
            {line.at !== undefined && (
              <time className="log-tail__time" dateTime={line.at}>
                {line.at.slice(11, 19)}
              </time>
            )}
            <span className="log-tail__text">{line.text}</span>
          </div>
        ))}
      </div>
      {!following && (
        <button type="button" className="button button--small log-tail__jump" onClick={() => setFollowing(true)}>
          Jump to latest
        </button>
      )}
    </div>
  );
}

/** Splits stored log text into tail lines, keyed by position within their iteration. */
export function linesFromText(keyPrefix: string, text: string): LogTailLine[] {
  if (text.length === 0) return [];
  const parts = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return parts.map((part, index) => ({ id: `${keyPrefix}:${index}`, text: part }));
}
