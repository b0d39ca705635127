import { formatRelativeTime, formatTimestamp } from '../lib/format';
import { useNow } from '../lib/use-now';
import type { IsoDate } from '../types';

/** "5 minutes ago", kept current, with the exact time on hover and for machines. */
export function RelativeTime({ iso }: { iso: IsoDate }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={formatTimestamp(iso)}>
      {formatRelativeTime(iso, now)}
    </time>
  );
}
