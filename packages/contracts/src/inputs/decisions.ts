import { z } from 'zod';
import { decisionVariant, decisionVote } from '../decisions';
import { entityId, optionalText, requiredText, safeString } from '../primitives';
import { paginationShape } from './pagination';

// Decisions: a problem, its variants, each voter's vote and reason, the chosen variant.

export const recordDecisionInput = z
  .strictObject({
    projectId: entityId.optional(),
    runId: entityId.optional(),
    conversationId: entityId.optional(),
    problem: requiredText(2_000),
    description: optionalText(20_000),
    variants: z.array(decisionVariant).min(1, 'a decision needs at least one variant').max(20, 'at most 20 variants'),
    votes: z.array(decisionVote).max(50, 'at most 50 votes').default([]),
    chosenVariantId: safeString().max(100).optional(),
    justification: optionalText(20_000),
  })
  .superRefine((decision, ctx) => {
    const variantIds = new Set<string>();
    decision.variants.forEach((variant, index) => {
      if (variantIds.has(variant.id))
        ctx.addIssue({ code: 'custom', path: ['variants', index, 'id'], message: `variant id "${variant.id}" is used twice` });
      variantIds.add(variant.id);
    });
    if (decision.chosenVariantId !== undefined && !variantIds.has(decision.chosenVariantId)) {
      ctx.addIssue({ code: 'custom', path: ['chosenVariantId'], message: `must be one of the variant ids: ${[...variantIds].join(', ')}` });
    }
    const voters = new Set<string>();
    decision.votes.forEach((vote, index) => {
      if (!variantIds.has(vote.variantId))
        ctx.addIssue({ code: 'custom', path: ['votes', index, 'variantId'], message: `"${vote.variantId}" is not one of the variants` });
      if (voters.has(vote.voterName))
        ctx.addIssue({ code: 'custom', path: ['votes', index, 'voterName'], message: `${vote.voterName} has already voted` });
      voters.add(vote.voterName);
    });
  });
export type RecordDecisionInput = z.infer<typeof recordDecisionInput>;

export const listDecisionsInput = z.strictObject({
  projectId: entityId.optional(),
  runId: entityId.optional(),
  conversationId: entityId.optional(),
  ...paginationShape,
});
export type ListDecisionsInput = z.infer<typeof listDecisionsInput>;

export const decisionIdInput = z.strictObject({ decisionId: entityId });
export type DecisionIdInput = z.infer<typeof decisionIdInput>;
