import type { HandoffContent } from '../handoff';
import { document, heading, paragraphs } from './markdown';
import { documentHeader, type ArtifactMeta } from './render-header';

/** The idea a run started from. */
export function renderIdeaBrief(content: HandoffContent<'idea_brief'>, meta: ArtifactMeta): string {
  return document(
    documentHeader('Idea', meta),
    heading(2, content.project_name),
    paragraphs(content.product_idea),
    content.target_users !== undefined && `${heading(2, 'Target users')}\n\n${paragraphs(content.target_users)}`,
    content.tech_constraints !== undefined && `${heading(2, 'Technical constraints')}\n\n${paragraphs(content.tech_constraints)}`,
  );
}
