import type { HandoffContent } from '../handoff';
import { bulletList, codeBlock, document, heading, numberedList, paragraphs } from './markdown';
import { documentHeader, type ArtifactMeta } from './render-header';

/** The architect's implementation plan as a document; the schema stays a code block. */
export function renderImplementationPlan(content: HandoffContent<'implementation_plan'>, meta: ArtifactMeta): string {
  const schemaLanguage = /\b(create|alter)\s+table\b/i.test(content.database_schema) ? 'sql' : null;
  return document(
    documentHeader('Implementation plan', meta),
    heading(2, 'Tech stack'),
    bulletList(content.tech_stack),
    content.components !== undefined && content.components.length > 0 && `${heading(2, 'Components')}\n\n${bulletList(content.components)}`,
    content.interfaces !== undefined && content.interfaces.length > 0 && `${heading(2, 'Interfaces')}\n\n${bulletList(content.interfaces)}`,
    heading(2, 'Task breakdown'),
    numberedList(content.task_breakdown),
    heading(2, 'Database schema'),
    content.database_schema.trim().length === 0 ? 'No database.' : codeBlock(content.database_schema, schemaLanguage),
    content.architecture_diagram_url.trim().length > 0 &&
      `${heading(2, 'Architecture diagram')}\n\n${paragraphs(content.architecture_diagram_url)}`,
  );
}
