import type { ReactNode } from 'react';

// The three states every data-backed view can be in besides "here is the data". Each is
// designed to say what is going on and what to do next, never a blank area.

interface EmptyStateProps {
  title: string;
  /** What would make something appear here, or where to go instead. */
  children?: ReactNode;
  /** A button or link that starts the thing that fills this view. */
  action?: ReactNode;
  /** Smaller, for use inside a card or panel. */
  compact?: boolean;
}

export function EmptyState({ title, children, action, compact = false }: EmptyStateProps) {
  return (
    <div className={compact ? 'state state--empty state--compact' : 'state state--empty'}>
      <svg className="state__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="3.5" y="5.5" width="17" height="13" rx="2" fill="none" stroke="currentColor" strokeDasharray="3 2" />
      </svg>
      <p className="state__title">{title}</p>
      {children !== undefined && <div className="state__body">{children}</div>}
      {action !== undefined && <div className="state__action">{action}</div>}
    </div>
  );
}

interface LoadingStateProps {
  label?: string;
  /** How many placeholder lines to draw, roughly the size of what is coming. */
  rows?: number;
}

export function LoadingState({ label = 'Loading…', rows = 3 }: LoadingStateProps) {
  return (
    <div className="state state--loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span className="state__title">{label}</span>
      <div className="skeleton" aria-hidden="true">
        {Array.from({ length: rows }, (_, index) => (
          <span key={index} className="skeleton__line" />
        ))}
      </div>
    </div>
  );
}

interface ErrorStateProps {
  title?: string;
  message: string;
  onRetry?: () => void;
}

export function ErrorState({ title = 'Something went wrong', message, onRetry }: ErrorStateProps) {
  return (
    <div className="state state--error" role="alert">
      <svg className="state__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M12 7v6M12 16.5v.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <p className="state__title">{title}</p>
      <p className="state__body">{message}</p>
      {onRetry !== undefined && (
        <div className="state__action">
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}
