export { bulletList, checkList, codeBlock, document, fileLink, heading, inlineText, numberedList, paragraphs, table } from './markdown';
export { bundleCodePath, isTestPath, languageOfPath, safeRelativePath, withLanguageExtension } from './code-files';
export { documentHeader, type ArtifactMeta } from './render-header';
export { renderSpecification } from './render-specification';
export { renderReleasePlan } from './render-release-plan';
export { renderImplementationPlan } from './render-implementation-plan';
export { renderQaReport } from './render-qa-report';
export { renderIdeaBrief } from './render-idea-brief';
export { renderDiscussionOutcome, renderDecisionLog, decisionSection, type DecisionRecord } from './render-decisions';
export { codeFile, renderCodeChange, type CodeFile } from './render-code-change';
export { renderArtifact, slug, type RenderableArtifact, type RenderedArtifact } from './render-artifact';
export {
  planBundle,
  byteLength,
  BUNDLE_FORMAT,
  type BundleArtifact,
  type BundleFile,
  type BundleFileType,
  type BundleInput,
  type BundlePlan,
} from './bundle-tree';
