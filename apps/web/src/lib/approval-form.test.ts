import { describe, expect, it } from 'vitest';
import { initialApprovalDraft, validateApproval, type ApprovalContext, type ApprovalDraft } from './approval-form';

const jsonArtifact: ApprovalContext = { artifactIsJson: true, originalContent: '{\n  "title": "Spec"\n}' };
const textArtifact: ApprovalContext = { artifactIsJson: false, originalContent: 'The plan.' };

function draft(overrides: Partial<ApprovalDraft>): ApprovalDraft {
  return { ...initialApprovalDraft(jsonArtifact.originalContent), ...overrides };
}

describe('validateApproval', () => {
  it('asks for a decision before anything else', () => {
    const result = validateApproval(draft({}), jsonArtifact);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.action).toBe('Decision: choose approve, reject or amend.');
  });

  it('approves without a comment, or with a trimmed one', () => {
    expect(validateApproval(draft({ action: 'approve' }), jsonArtifact)).toEqual({
      ok: true,
      submission: { action: 'approve' },
    });
    expect(validateApproval(draft({ action: 'approve', responseContent: '  looks right ' }), jsonArtifact)).toEqual({
      ok: true,
      submission: { action: 'approve', responseContent: 'looks right' },
    });
  });

  it('refuses a rejection without a reason, naming the field', () => {
    const result = validateApproval(draft({ action: 'reject', responseContent: '   ' }), jsonArtifact);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.responseContent).toMatch(/^Reason is required/);
  });

  it('refuses a reason shorter than the minimum', () => {
    const result = validateApproval(draft({ action: 'reject', responseContent: 'no' }), jsonArtifact);
    expect(!result.ok && result.errors.responseContent).toBe('Reason must be at least 10 characters.');
  });

  it('sends a rejection with its reason', () => {
    expect(
      validateApproval(draft({ action: 'reject', responseContent: 'The personas are missing night-shift nurses.' }), jsonArtifact),
    ).toEqual({ ok: true, submission: { action: 'reject', responseContent: 'The personas are missing night-shift nurses.' } });
  });

  it('refuses an empty amendment', () => {
    const result = validateApproval(draft({ action: 'amend', amendedContent: '  \n' }), jsonArtifact);
    expect(!result.ok && result.errors.amendedContent).toBe('Amended content is required to amend.');
  });

  it('refuses an amendment of a JSON artifact that does not parse', () => {
    const result = validateApproval(draft({ action: 'amend', amendedContent: '{ "title": ' }), jsonArtifact);
    expect(!result.ok && result.errors.amendedContent).toMatch(/^Amended content must be valid JSON: /);
  });

  it('accepts free text when the artifact is not JSON', () => {
    const result = validateApproval({ action: 'amend', responseContent: '', amendedContent: 'The better plan. {not json' }, textArtifact);
    expect(result).toEqual({ ok: true, submission: { action: 'amend', amendedContent: 'The better plan. {not json' } });
  });

  it('refuses an amendment that changes nothing', () => {
    const result = validateApproval(draft({ action: 'amend' }), jsonArtifact);
    expect(!result.ok && result.errors.amendedContent).toMatch(/unchanged/);
  });

  it('sends the edited content, with an optional comment', () => {
    const result = validateApproval(
      draft({ action: 'amend', amendedContent: '{"title": "Better spec"}', responseContent: 'Renamed' }),
      jsonArtifact,
    );
    expect(result).toEqual({
      ok: true,
      submission: { action: 'amend', amendedContent: '{"title": "Better spec"}', responseContent: 'Renamed' },
    });
  });
});
