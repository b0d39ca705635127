import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { artifactText, isJsonMimeType, type ArtifactVersionContent } from '../lib/artifact-diff';
import {
  APPROVAL_ACTIONS,
  MIN_REJECT_REASON_LENGTH,
  initialApprovalDraft,
  validateApproval,
  type ApprovalAction,
  type ApprovalDraft,
  type ApprovalErrors,
  type ApprovalField,
  type ApprovalSubmission,
} from '../lib/approval-form';
import { clearTouchedErrors } from '../lib/form-errors';
import { FormError, TextAreaField, errorMessage } from './fields';

interface ApprovalFormProps {
  /** The artifact under review; without one there is nothing to amend. */
  artifact: ArtifactVersionContent | null;
  onSubmit: (submission: ApprovalSubmission) => void | Promise<void>;
  disabled?: boolean;
}

const ACTION_TEXT: Record<ApprovalAction, { label: string; hint: string; submit: string }> = {
  approve: { label: 'Approve', hint: 'The run continues with this output.', submit: 'Approve' },
  reject: { label: 'Reject', hint: 'The task goes back to its agent with your reason.', submit: 'Reject with reason' },
  amend: { label: 'Amend', hint: 'Your edit replaces the output and the run continues from it.', submit: 'Submit amendment' },
};

/** The order fields appear in, so focus goes to the first one with a problem. */
const FIELD_ORDER: ApprovalField[] = ['action', 'responseContent', 'amendedContent'];

export function ApprovalForm({ artifact, onSubmit, disabled = false }: ApprovalFormProps) {
  const originalText = useMemo(() => (artifact === null ? null : artifactText(artifact)), [artifact]);
  const artifactIsJson = artifact !== null && isJsonMimeType(artifact.mimeType);
  const [draft, setDraft] = useState<ApprovalDraft>(() => initialApprovalDraft(originalText));
  const [errors, setErrors] = useState<ApprovalErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const legendId = useId();

  function update(change: Partial<ApprovalDraft>) {
    setDraft((current) => ({ ...current, ...change }));
    // Choosing another decision changes which rules apply, so it clears every message.
    setErrors((current) => (change.action !== undefined ? {} : clearTouchedErrors(current, change)));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = validateApproval(draft, { artifactIsJson, originalContent: originalText });
    if (!result.ok) {
      setErrors(result.errors);
      const first = FIELD_ORDER.find((field) => result.errors[field] !== undefined);
      if (first !== undefined) formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setSubmitError(null);
    setSubmitting(true);
    try {
      await onSubmit(result.submission);
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  const action = draft.action;
  const reasonRequired = action === 'reject';

  return (
    <form ref={formRef} className="approval-form" noValidate onSubmit={(event) => void handleSubmit(event)}>
      <fieldset className="approval-form__actions" aria-describedby={errors.action === undefined ? undefined : `${legendId}-error`}>
        <legend id={legendId}>Decision</legend>
        {APPROVAL_ACTIONS.map((option, index) => {
          const unavailable = option === 'amend' && artifact === null;
          return (
            <label key={option} className={unavailable ? 'choice choice--disabled' : 'choice'}>
              <input
                type="radio"
                name={`${legendId}-action`}
                value={option}
                checked={action === option}
                disabled={disabled || unavailable}
                data-field={index === 0 ? 'action' : undefined}
                onChange={() => update({ action: option })}
              />
              <span className="choice__label">{ACTION_TEXT[option].label}</span>
              <span className="choice__hint">{unavailable ? 'No artifact to amend.' : ACTION_TEXT[option].hint}</span>
            </label>
          );
        })}
        {errors.action !== undefined && (
          <p className="field__error" id={`${legendId}-error`}>
            {errors.action}
          </p>
        )}
      </fieldset>

      <TextAreaField
        label={reasonRequired ? 'Reason (required)' : 'Comment (optional)'}
        hint={reasonRequired ? `At least ${MIN_REJECT_REASON_LENGTH} characters. The agent sees it in its next attempt.` : undefined}
        error={errors.responseContent}
        rows={3}
        value={draft.responseContent}
        disabled={disabled}
        required={reasonRequired}
        data-field="responseContent"
        onChange={(event) => update({ responseContent: event.target.value })}
      />

      {action === 'amend' && (
        <TextAreaField
          label="Amended content"
          hint={artifactIsJson ? 'JSON: it must parse before it can be sent.' : 'Edit the output as it should be.'}
          error={errors.amendedContent}
          rows={14}
          code
          value={draft.amendedContent}
          disabled={disabled}
          data-field="amendedContent"
          onChange={(event) => update({ amendedContent: event.target.value })}
        />
      )}

      <FormError message={submitError} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={disabled || submitting}>
          {submitting ? 'Sending…' : action === null ? 'Submit decision' : ACTION_TEXT[action].submit}
        </button>
      </div>
    </form>
  );
}
