import type { HandoffContent } from '../handoff';
import { bulletList, document, heading, inlineText, paragraphs, table } from './markdown';
import { documentHeader, type ArtifactMeta } from './render-header';

/** A decision as both a discussion outcome and the decisions table describe it. */
export interface DecisionRecord {
  problem: string;
  description?: string | null;
  variants: ReadonlyArray<{ id: string; title: string; description?: string | null | undefined }>;
  votes: ReadonlyArray<{ voter: string; variantId: string; reason: string }>;
  chosenVariantId: string | null;
  justification: string | null;
  createdAt?: string;
}

/** One decision: the problem, the variants (the chosen one marked), every vote with its reason, and the dissent. */
export function decisionSection(decision: DecisionRecord, level: 2 | 3 = 2): string {
  const titleOf = new Map(decision.variants.map((variant) => [variant.id, variant.title]));
  const chosen = decision.chosenVariantId === null ? undefined : titleOf.get(decision.chosenVariantId);
  const dissent = decision.votes.filter((vote) => decision.chosenVariantId !== null && vote.variantId !== decision.chosenVariantId);
  const sub = (level + 1) as 3 | 4;
  return [
    heading(level, decision.problem),
    decision.createdAt !== undefined ? `*Decided ${inlineText(decision.createdAt.slice(0, 10))}*` : null,
    decision.description ? paragraphs(decision.description) : null,
    chosen === undefined ? '**No variant was chosen.**' : `**Chosen: ${inlineText(chosen)}**`,
    decision.justification ? paragraphs(decision.justification) : null,
    heading(sub, 'Variants'),
    bulletList(
      decision.variants.map(
        (variant) =>
          `${variant.id === decision.chosenVariantId ? '(chosen) ' : ''}${variant.title}${variant.description ? `: ${variant.description}` : ''}`,
      ),
    ),
    decision.votes.length > 0 ? heading(sub, 'Votes') : null,
    decision.votes.length > 0
      ? table(
          ['Voter', 'Voted for', 'Reason'],
          decision.votes.map((vote) => [vote.voter, titleOf.get(vote.variantId) ?? vote.variantId, vote.reason]),
        )
      : null,
    dissent.length > 0 ? heading(sub, 'Dissent') : null,
    dissent.length > 0 ? bulletList(dissent.map((vote) => `${vote.voter}: ${vote.reason}`)) : null,
  ]
    .filter((part): part is string => part !== null)
    .join('\n\n');
}

/** A persona discussion's outcome: its summary, each decision, and what stays open. */
export function renderDiscussionOutcome(content: HandoffContent<'discussion_outcome'>, meta: ArtifactMeta): string {
  return document(
    documentHeader('Discussion outcome', meta),
    paragraphs(content.summary),
    ...content.decisions.map((decision) =>
      decisionSection({
        problem: decision.problem,
        variants: decision.variants,
        votes: decision.votes.map((vote) => ({ voter: vote.voter, variantId: vote.variant_id, reason: vote.reason })),
        chosenVariantId: decision.chosen_variant_id,
        justification: decision.justification,
      }),
    ),
    content.open_questions !== undefined &&
      content.open_questions.length > 0 &&
      `${heading(2, 'Open questions')}\n\n${bulletList(content.open_questions)}`,
  );
}

/** The project's decision log (the decisions table), oldest first. */
export function renderDecisionLog(projectName: string, decisions: readonly DecisionRecord[]): string {
  return document(`# Decisions: ${inlineText(projectName)}`, ...decisions.map((decision) => decisionSection(decision)));
}
