import type { HandoffContent } from '../handoff';
import { bundleCodePath, languageOfPath, safeRelativePath, withLanguageExtension } from './code-files';
import { document, fileLink, heading, paragraphs, table } from './markdown';
import { documentHeader, type ArtifactMeta } from './render-header';

export interface CodeFile {
  /** The declared path, made safe and given its language's extension when it had none. */
  path: string;
  /** Where it goes in the bundle (`src/…` or `tests/…`). */
  bundlePath: string;
  kind: 'source' | 'test';
  language: string | null;
  content: string;
}

/** One file at its declared path (null when the path has nothing usable left). */
export function codeFile(declaredPath: string, content: string, declaredLanguage?: string | null): CodeFile | null {
  const safe = safeRelativePath(declaredPath);
  if (safe === null) return null;
  const path = withLanguageExtension(safe, declaredLanguage);
  const placed = bundleCodePath(path);
  return { path, bundlePath: placed.path, kind: placed.kind, language: languageOfPath(path, declaredLanguage), content };
}

/** A coder's change: its files, and a document that says what changed and links to them. */
export function renderCodeChange(content: HandoffContent<'code_change'>, meta: ArtifactMeta, linkPrefix = '../') {
  const files = content.files.flatMap((file) => {
    const placed = codeFile(file.path, file.content, file.language);
    return placed === null ? [] : [placed];
  });
  const markdown = document(
    documentHeader('Code change', meta),
    paragraphs(content.summary),
    heading(2, 'Files'),
    table(
      ['File', 'Kind', 'Lines'],
      files.map((file) => [file.path, file.kind === 'test' ? 'test' : 'source', String(file.content.split('\n').length)]),
    ),
    files.map((file) => `- ${fileLink(file.path, `${linkPrefix}${file.bundlePath}`)}`).join('\n'),
  );
  return { markdown, files };
}
