import { z } from 'zod';
import { QaResult } from '../enums';
import { entityId, safeString } from '../primitives';

// Iterations: the logged steps of a session, and the QA verdicts recorded against them.

const note = safeString().trim().min(1, 'must not be empty').max(5_000, 'must be at most 5000 characters');

/** A QA verdict; `pending` is the state before any verdict, so it cannot be recorded as one. */
export const recordQaResultInput = z
  .strictObject({
    iterationId: entityId,
    result: QaResult.exclude(['pending']),
    findings: z.array(note).max(200, 'at most 200 findings').default([]),
    recommendations: z.array(note).max(200, 'at most 200 recommendations').default([]),
  })
  .superRefine((qa, ctx) => {
    if (qa.result === 'failed' && qa.findings.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['findings'], message: 'a failed result needs at least one finding saying what is wrong' });
    }
  });
export type RecordQaResultInput = z.infer<typeof recordQaResultInput>;

/** Run QA on one iteration now instead of waiting for the cycle (the seeds' `qa:trigger`). */
export const triggerQaInput = z.strictObject({ iterationId: entityId });
export type TriggerQaInput = z.infer<typeof triggerQaInput>;

export const iterationIdInput = z.strictObject({ iterationId: entityId });
export type IterationIdInput = z.infer<typeof iterationIdInput>;
