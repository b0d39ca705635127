import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormError, errorMessage } from '../../components/fields';
import { RUN_ACTION_LABELS, availableRunActions } from '../../lib/run-actions';
import type { RunAction, WorkflowRun } from '../../types';

interface RunControlsProps {
  run: WorkflowRun;
  onRunAction: (runId: string, action: RunAction) => Promise<void> | void;
}

/** Pause, resume and cancel, offered only where they apply; cancelling asks first. */
export function RunControls({ run, onRunAction }: RunControlsProps) {
  const [busy, setBusy] = useState<RunAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const actions = availableRunActions(run.status);

  async function perform(action: RunAction) {
    setError(null);
    setBusy(action);
    try {
      await onRunAction(run.id, action);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(null);
    }
  }

  if (actions.length === 0) return null;
  return (
    <div className="run-controls">
      {actions.map((action) =>
        action === 'cancel' ? (
          <ConfirmButton
            key={action}
            label={RUN_ACTION_LABELS.cancel}
            question="Cancel this run? Running tasks are stopped and it cannot be resumed."
            confirmLabel="Yes, cancel run"
            disabled={busy !== null}
            onConfirm={() => void perform('cancel')}
          />
        ) : (
          <button key={action} type="button" className="button" disabled={busy !== null} onClick={() => void perform(action)}>
            {busy === action ? `${RUN_ACTION_LABELS[action]}…` : RUN_ACTION_LABELS[action]}
          </button>
        ),
      )}
      <FormError message={error} />
    </div>
  );
}
