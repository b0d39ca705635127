import { z } from 'zod';
import { entityId, identifier, safeString } from './primitives';

// The shapes stored in a Decision's JSON columns (`variants`, `dissent`) and its votes.
// Input schemas build on these; readers of the JSON columns parse with them too.

export const decisionVariant = z.strictObject({
  id: identifier,
  title: safeString().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  description: safeString().trim().max(10_000, 'must be at most 10000 characters').optional(),
});
export type DecisionVariant = z.infer<typeof decisionVariant>;

export const decisionVote = z.strictObject({
  voterName: safeString().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  agentId: entityId.optional(),
  variantId: identifier,
  reason: safeString().trim().min(1, 'a vote needs a reason').max(5_000, 'must be at most 5000 characters'),
});
export type DecisionVote = z.infer<typeof decisionVote>;

/** A voter who did not agree with the chosen variant, and why (Decision.dissent). */
export const decisionDissent = z.strictObject({
  voterName: z.string(),
  variantId: z.string(),
  reason: z.string(),
});
export type DecisionDissent = z.infer<typeof decisionDissent>;

/** Derive the dissent list from the votes and the chosen variant. */
export function dissentOf(votes: readonly DecisionVote[], chosenVariantId: string | undefined): DecisionDissent[] {
  if (chosenVariantId === undefined) return [];
  return votes
    .filter((vote) => vote.variantId !== chosenVariantId)
    .map(({ voterName, variantId, reason }) => ({ voterName, variantId, reason }));
}
