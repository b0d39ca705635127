import type { HandoffContent } from '../handoff';
import { bulletList, document, heading, numberedList, paragraphs } from './markdown';
import { documentHeader, type ArtifactMeta } from './render-header';

/** The analyst's software specification as a document. */
export function renderSpecification(content: HandoffContent<'software_specification'>, meta: ArtifactMeta): string {
  return document(
    documentHeader('Software specification', meta),
    heading(2, 'Core idea'),
    paragraphs(content.core_idea),
    heading(2, 'Features'),
    bulletList(content.high_level_features),
    heading(2, 'Requirements'),
    numberedList(content.requirements),
    heading(2, 'User stories'),
    bulletList(content.user_stories),
    content.assumptions !== undefined &&
      content.assumptions.length > 0 &&
      `${heading(2, 'Assumptions')}\n\n${bulletList(content.assumptions)}`,
  );
}
