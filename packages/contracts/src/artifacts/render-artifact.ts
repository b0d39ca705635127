import { HandoffType, validateHandoffContent } from '../handoff';
import { codeFile, renderCodeChange, type CodeFile } from './render-code-change';
import { renderDiscussionOutcome } from './render-decisions';
import { documentHeader, type ArtifactMeta } from './render-header';
import { renderIdeaBrief } from './render-idea-brief';
import { renderImplementationPlan } from './render-implementation-plan';
import { codeBlock, document, paragraphs } from './markdown';
import { renderQaReport } from './render-qa-report';
import { renderReleasePlan } from './render-release-plan';
import { renderSpecification } from './render-specification';

/** The fields of a stored artifact that rendering reads. */
export interface RenderableArtifact extends ArtifactMeta {
  artifactType: string;
  handoffType: string | null;
  mimeType: string;
  content: unknown;
}

export interface RenderedArtifact {
  /** The document's file name without `.md` (`specification`, `release-plan`…), or null for plain files. */
  documentName: string | null;
  /** The Markdown document a person reads, when the artifact reads as one. */
  markdown: string | null;
  /** Code and tests at their paths. */
  files: CodeFile[];
  /** Structured content, kept as JSON beside the document; null for text and files. */
  data: unknown;
}

const DOCUMENT_NAMES: Record<HandoffType, string> = {
  idea_brief: 'idea',
  software_specification: 'specification',
  product_requirements: 'release-plan',
  implementation_plan: 'implementation-plan',
  code_change: 'code-change',
  qa_report: 'qa-report',
  discussion_outcome: 'discussion-outcome',
};

/** A name as a file name: lower case words joined by dashes. */
export function slug(text: string): string {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return words.length === 0 ? 'artifact' : words;
}

/**
 * An artifact as files people open. A handoff whose content matches its schema becomes its
 * document (and its code files); a text artifact is a Markdown document, or a code file when
 * it is code; anything else is shown as JSON inside a document, and kept as data.
 * `linkPrefix` is how a document reaches the bundle root (for links to code files).
 */
export function renderArtifact(artifact: RenderableArtifact, linkPrefix = '../'): RenderedArtifact {
  const handoffType = HandoffType.safeParse(artifact.handoffType);
  if (handoffType.success) {
    const rendered = renderHandoff(handoffType.data, artifact, linkPrefix);
    if (rendered !== null) return rendered;
  }
  if (typeof artifact.content === 'string') {
    const text = artifact.content;
    if (
      artifact.artifactType === 'code' ||
      artifact.artifactType === 'test' ||
      (/^text\/(plain|x-)/.test(artifact.mimeType) && artifact.name.includes('.'))
    ) {
      const file = codeFile(artifact.name, text);
      if (file !== null && file.language !== 'markdown') return { documentName: null, markdown: null, files: [file], data: null };
    }
    const markdown =
      /markdown/.test(artifact.mimeType) || artifact.name.endsWith('.md')
        ? `${documentHeader(artifactKind(artifact), artifact)}\n\n${text.trimEnd()}\n`
        : document(documentHeader(artifactKind(artifact), artifact), paragraphs(text));
    return { documentName: slug(artifact.name.replace(/\.md$/, '')), markdown, files: [], data: null };
  }
  return {
    documentName: slug(artifact.name),
    markdown: document(documentHeader(artifactKind(artifact), artifact), codeBlock(JSON.stringify(artifact.content, null, 2), 'json')),
    files: [],
    data: artifact.content,
  };
}

function renderHandoff(type: HandoffType, artifact: RenderableArtifact, linkPrefix: string): RenderedArtifact | null {
  const base = { documentName: DOCUMENT_NAMES[type], files: [] as CodeFile[], data: artifact.content };
  switch (type) {
    case 'idea_brief': {
      const checked = validateHandoffContent(type, artifact.content);
      return checked.ok ? { ...base, markdown: renderIdeaBrief(checked.value, artifact) } : null;
    }
    case 'software_specification': {
      const checked = validateHandoffContent(type, artifact.content);
      return checked.ok ? { ...base, markdown: renderSpecification(checked.value, artifact) } : null;
    }
    case 'product_requirements': {
      const checked = validateHandoffContent(type, artifact.content);
      return checked.ok ? { ...base, markdown: renderReleasePlan(checked.value, artifact) } : null;
    }
    case 'implementation_plan': {
      const checked = validateHandoffContent(type, artifact.content);
      return checked.ok ? { ...base, markdown: renderImplementationPlan(checked.value, artifact) } : null;
    }
    case 'code_change': {
      const checked = validateHandoffContent(type, artifact.content);
      if (!checked.ok) return null;
      const { markdown, files } = renderCodeChange(checked.value, artifact, linkPrefix);
      // The files are the code; the data keeps the summary and paths, not the code a second time.
      return { ...base, markdown, files, data: { summary: checked.value.summary, files: files.map((file) => file.path) } };
    }
    case 'qa_report': {
      const checked = validateHandoffContent(type, artifact.content);
      return checked.ok ? { ...base, markdown: renderQaReport(checked.value, artifact) } : null;
    }
    case 'discussion_outcome': {
      const checked = validateHandoffContent(type, artifact.content);
      return checked.ok ? { ...base, markdown: renderDiscussionOutcome(checked.value, artifact) } : null;
    }
  }
}

const KIND_NAMES: Record<string, string> = {
  spec: 'Specification',
  plan: 'Plan',
  code: 'Code',
  test: 'Tests',
  doc: 'Document',
  log: 'Log',
  review: 'Review',
  decision: 'Decision',
  other: 'Artifact',
};

function artifactKind(artifact: RenderableArtifact): string {
  return KIND_NAMES[artifact.artifactType] ?? 'Artifact';
}
