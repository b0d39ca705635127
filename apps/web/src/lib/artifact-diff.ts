import { structuredPatch } from 'diff';
import type { JsonValue } from '../types';

// Turns two versions of an artifact into line hunks for display. Artifacts are stored as
// JSON; a text artifact's content is a JSON string, anything else is structured data.

export interface ArtifactVersionContent {
  content: JsonValue;
  mimeType: string;
}

export type DiffLineKind = 'add' | 'remove' | 'context';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number in the old version (absent for additions). */
  oldNumber?: number;
  /** Line number in the new version (absent for removals). */
  newNumber?: number;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface ArtifactDiffResult {
  hunks: DiffHunk[];
  added: number;
  removed: number;
  identical: boolean;
}

export function isJsonMimeType(mimeType: string): boolean {
  const essence = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || essence.endsWith('+json');
}

/**
 * The text a person reads and diffs for an artifact version. Strings are shown as they
 * are (a text artifact, or JSON stored pre-serialised); structured content is
 * pretty-printed with keys sorted, because Postgres `jsonb` does not keep the order keys
 * were written in, and a diff should show changed values, not shuffled keys.
 */
export function artifactText(version: ArtifactVersionContent): string {
  const { content } = version;
  if (typeof content === 'string') {
    return isJsonMimeType(version.mimeType) ? prettyJsonString(content) : content;
  }
  return JSON.stringify(sortKeys(content), null, 2);
}

/** A JSON document stored as a string is re-indented; a string that is not JSON is left alone. */
function prettyJsonString(text: string): string {
  try {
    // JSON.parse can only ever produce JSON values.
    const parsed = JSON.parse(text) as JsonValue;
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(sortKeys(parsed), null, 2) : text;
  } catch {
    return text;
  }
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(value).sort()) {
      const child = value[key];
      if (child !== undefined) sorted[key] = sortKeys(child);
    }
    return sorted;
  }
  return value;
}

/** Diffs two texts line by line, with `context` unchanged lines around each change. */
export function diffTexts(before: string, after: string, context = 3): ArtifactDiffResult {
  const patch = structuredPatch('before', 'after', withFinalNewline(before), withFinalNewline(after), undefined, undefined, {
    context,
  });
  let added = 0;
  let removed = 0;
  const hunks = patch.hunks.map((hunk): DiffHunk => {
    let oldNumber = hunk.oldStart;
    let newNumber = hunk.newStart;
    const lines: DiffLine[] = [];
    for (const raw of hunk.lines) {
      const marker = raw.charAt(0);
      const text = raw.slice(1);
      if (marker === '+') {
        added += 1;
        lines.push({ kind: 'add', text, newNumber: newNumber++ });
      } else if (marker === '-') {
        removed += 1;
        lines.push({ kind: 'remove', text, oldNumber: oldNumber++ });
      } else if (marker === ' ') {
        lines.push({ kind: 'context', text, oldNumber: oldNumber++, newNumber: newNumber++ });
      }
      // "\ No newline at end of file" markers cannot occur: both sides end in a newline.
    }
    return { oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines, lines };
  });
  return { hunks, added, removed, identical: hunks.length === 0 };
}

/** Diffs two artifact versions as a person reads them (see `artifactText`). */
export function diffArtifactVersions(before: ArtifactVersionContent, after: ArtifactVersionContent, context = 3): ArtifactDiffResult {
  return diffTexts(artifactText(before), artifactText(after), context);
}

// A missing final newline is not a change anyone cares about in an artifact, and leaving
// it in would make the last line of one side differ from the other's.
function withFinalNewline(text: string): string {
  return text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
}
