import { useEffect, useRef, useState } from 'react';

interface ConfirmButtonProps {
  /** The button's label before confirming, e.g. "Cancel run". */
  label: string;
  /** The question shown once it is pressed, e.g. "Cancel this run? Running tasks stop." */
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  tone?: 'danger' | 'default';
}

/**
 * A destructive action asks once, inline, instead of in a modal dialog: nothing to trap
 * focus in, works the same on a phone, and Escape or "Keep" backs out.
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, disabled = false, tone = 'danger' }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) triggerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  const buttonClass = tone === 'danger' ? 'button button--danger' : 'button';
  if (!asking) {
    return (
      <button ref={triggerRef} type="button" className={buttonClass} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setAsking(false);
      }}
    >
      <span className="confirm__question">{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className={buttonClass}
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="button button--quiet" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}
