import type { ConnectionStatus } from '../types';

interface ConnectionBannerProps {
  status: ConnectionStatus;
}

const MESSAGES: Record<ConnectionStatus, { text: string; detail?: string }> = {
  live: { text: 'Live' },
  connecting: { text: 'Connecting…' },
  reconnecting: {
    text: 'Reconnecting…',
    detail: 'Live updates are paused; nothing is lost, they resume from the last event seen.',
  },
  offline: {
    text: 'Offline',
    detail: 'The server cannot be reached. What you see may be out of date; retrying in the background.',
  },
};

/**
 * Says whether live updates are flowing. "Live" is a small indicator; any other state is a
 * full-width banner, because then the numbers on screen may be stale and the person
 * should know before acting on them.
 */
export function ConnectionBanner({ status }: ConnectionBannerProps) {
  const { text, detail } = MESSAGES[status];
  return (
    <div className={`connection connection--${status}`} role="status" aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__text">{text}</span>
      {detail !== undefined && <span className="connection__detail">{detail}</span>}
    </div>
  );
}
