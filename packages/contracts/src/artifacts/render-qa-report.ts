import type { HandoffContent } from '../handoff';
import { bulletList, checkList, document, heading, paragraphs } from './markdown';
import { documentHeader, type ArtifactMeta } from './render-header';

/** The QA report as a document: the verdict first, then what failed and what was tested. */
export function renderQaReport(content: HandoffContent<'qa_report'>, meta: ArtifactMeta): string {
  return document(
    documentHeader('QA report', meta),
    `**Verdict: ${content.passed ? 'passed' : 'failed'}**`,
    content.summary !== undefined && paragraphs(content.summary),
    heading(2, 'Findings'),
    content.findings.length === 0 ? 'No findings.' : bulletList(content.findings),
    heading(2, 'Tested'),
    checkList(content.tested_items, content.passed),
  );
}
