// The rules of answering a human-in-the-loop request, kept apart from the form so they
// can be tested directly and reused by any other client of the same procedure.
//
// approve: the run continues; an optional comment goes with it.
// reject:  the task goes back to its agent with the reason in its next prompt, so a reason
//          that says something is required.
// amend:   the person's edit replaces the artifact and the run continues from it, so the
//          edit is required, must differ from the original, and must parse if it is JSON.

export type ApprovalAction = 'approve' | 'reject' | 'amend';

export const APPROVAL_ACTIONS: readonly ApprovalAction[] = ['approve', 'reject', 'amend'];

export const MIN_REJECT_REASON_LENGTH = 10;

export interface ApprovalDraft {
  action: ApprovalAction | null;
  /** The reject reason, or a comment with an approval or amendment. */
  responseContent: string;
  amendedContent: string;
}

export interface ApprovalSubmission {
  action: ApprovalAction;
  responseContent?: string;
  amendedContent?: string;
}

export type ApprovalField = 'action' | 'responseContent' | 'amendedContent';

export type ApprovalErrors = Partial<Record<ApprovalField, string>>;

export type ApprovalValidation = { ok: true; submission: ApprovalSubmission } | { ok: false; errors: ApprovalErrors };

export interface ApprovalContext {
  /** Whether the artifact under review is JSON (amendments must then parse). */
  artifactIsJson: boolean;
  /** The artifact as the person first saw it, to spot an amendment that changes nothing. */
  originalContent: string | null;
}

/** Field labels used in messages, so each message names the field it is about. */
export const APPROVAL_FIELD_LABELS: Record<ApprovalField, string> = {
  action: 'Decision',
  responseContent: 'Reason',
  amendedContent: 'Amended content',
};

export function initialApprovalDraft(originalContent: string | null): ApprovalDraft {
  return { action: null, responseContent: '', amendedContent: originalContent ?? '' };
}

export function validateApproval(draft: ApprovalDraft, context: ApprovalContext): ApprovalValidation {
  const comment = draft.responseContent.trim();

  switch (draft.action) {
    case null:
      return { ok: false, errors: { action: 'Decision: choose approve, reject or amend.' } };

    case 'approve':
      return { ok: true, submission: withComment({ action: 'approve' }, comment) };

    case 'reject': {
      if (comment.length === 0) {
        return { ok: false, errors: { responseContent: 'Reason is required to reject: the agent reworks the task from it.' } };
      }
      if (comment.length < MIN_REJECT_REASON_LENGTH) {
        return {
          ok: false,
          errors: { responseContent: `Reason must be at least ${MIN_REJECT_REASON_LENGTH} characters.` },
        };
      }
      return { ok: true, submission: { action: 'reject', responseContent: comment } };
    }

    case 'amend': {
      const amended = draft.amendedContent;
      if (amended.trim().length === 0) {
        return { ok: false, errors: { amendedContent: 'Amended content is required to amend.' } };
      }
      if (context.artifactIsJson) {
        const problem = jsonProblem(amended);
        if (problem !== null) {
          return { ok: false, errors: { amendedContent: `Amended content must be valid JSON: ${problem}` } };
        }
      }
      if (context.originalContent !== null && amended.trim() === context.originalContent.trim()) {
        return {
          ok: false,
          errors: { amendedContent: 'Amended content is unchanged: edit it, or approve instead.' },
        };
      }
      return { ok: true, submission: withComment({ action: 'amend', amendedContent: amended }, comment) };
    }
  }
}

function withComment(submission: ApprovalSubmission, comment: string): ApprovalSubmission {
  return comment.length > 0 ? { ...submission, responseContent: comment } : submission;
}

function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
