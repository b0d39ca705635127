import type { HandoffContent } from '../handoff';
import { bulletList, checkList, document, heading, inlineText, paragraphs, table } from './markdown';
import { documentHeader, type ArtifactMeta } from './render-header';

const PRIORITY = { must: 'Must', should: 'Should', could: 'Could' } as const;

/** The product manager's release plan (product_requirements) as a document. */
export function renderReleasePlan(content: HandoffContent<'product_requirements'>, meta: ArtifactMeta): string {
  return document(
    documentHeader('Release plan', meta),
    heading(2, 'Release goal'),
    paragraphs(content.release_goal),
    heading(2, 'Features in scope'),
    table(
      ['Id', 'Feature', 'Priority'],
      content.features.map((feature) => [feature.id, feature.title, PRIORITY[feature.priority]]),
    ),
    ...content.features.map(
      (feature) =>
        `${heading(3, `${feature.id}: ${feature.title}`)}\n\n*${inlineText(PRIORITY[feature.priority])}*\n\n${paragraphs(feature.description)}\n\nAcceptance criteria:\n\n${checkList(feature.acceptance_criteria, false)}`,
    ),
    heading(2, 'Out of scope'),
    content.out_of_scope.length === 0 ? 'Nothing was ruled out.' : bulletList(content.out_of_scope),
    heading(2, 'Success metrics'),
    content.success_metrics.length === 0 ? 'None stated.' : bulletList(content.success_metrics),
    content.non_functional_requirements !== undefined &&
      content.non_functional_requirements.length > 0 &&
      `${heading(2, 'Non-functional requirements')}\n\n${bulletList(content.non_functional_requirements)}`,
  );
}
