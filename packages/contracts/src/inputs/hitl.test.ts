import { describe, expect, it } from 'vitest';
import { hitlStatusOfAction, respondHitlInput } from './hitl';
import { issuesOf } from './test-helpers';

const hitlRequestId = '3e0c6a1b-7d24-4f59-a8e3-9b1c2d4e5f60';

describe('respondHitlInput', () => {
  it('approves with or without a comment', () => {
    expect(respondHitlInput.parse({ hitlRequestId, action: 'approve' })).toEqual({ hitlRequestId, action: 'approve' });
  });

  it('refuses a rejection without a reason, saying why one is needed', () => {
    expect(issuesOf(respondHitlInput, { hitlRequestId, action: 'reject' })).toEqual([
      { path: 'responseContent', message: 'a rejection needs a reason: it is sent back to the agent with the work' },
    ]);
    expect(issuesOf(respondHitlInput, { hitlRequestId, action: 'reject', responseContent: '   ' })).toEqual([
      { path: 'responseContent', message: 'a rejection needs a reason: it is sent back to the agent with the work' },
    ]);
  });

  it('refuses an amendment without the amended content', () => {
    expect(issuesOf(respondHitlInput, { hitlRequestId, action: 'amend', responseContent: 'see edit' })).toEqual([
      { path: 'amendedContent', message: 'an amendment needs the amended content' },
    ]);
  });

  it('refuses amended content on an approval (it would be silently lost)', () => {
    expect(issuesOf(respondHitlInput, { hitlRequestId, action: 'approve', amendedContent: 'x' })).toEqual([
      { path: 'amendedContent', message: 'is not a known field' },
    ]);
  });

  it('names the action when it is not one of the three', () => {
    expect(issuesOf(respondHitlInput, { hitlRequestId, action: 'approved' })).toEqual([
      { path: 'action', message: "action must be 'approve', 'reject' or 'amend'" },
    ]);
  });

  it('maps each action to the status the request ends in', () => {
    expect(hitlStatusOfAction).toEqual({ approve: 'approved', reject: 'rejected', amend: 'amended' });
  });
});
