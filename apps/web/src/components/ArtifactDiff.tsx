import { useMemo } from 'react';
import { diffArtifactVersions, type ArtifactVersionContent, type DiffLine } from '../lib/artifact-diff';

export interface DiffSide extends ArtifactVersionContent {
  /** How the side is named to the reader, e.g. "v2". */
  label: string;
}

interface ArtifactDiffProps {
  before: DiffSide;
  after: DiffSide;
  /** Unchanged lines shown around each change. */
  context?: number;
}

const MARKERS: Record<DiffLine['kind'], { sign: string; spoken: string }> = {
  add: { sign: '+', spoken: 'added' },
  remove: { sign: '−', spoken: 'removed' },
  context: { sign: ' ', spoken: 'unchanged' },
};

/** A unified diff of two artifact versions, in a table with old and new line numbers. */
export function ArtifactDiff({ before, after, context = 3 }: ArtifactDiffProps) {
  const result = useMemo(() => diffArtifactVersions(before, after, context), [before, after, context]);

  if (result.identical) {
    return (
      <p className="diff-summary">
        No differences between {before.label} and {after.label}.
      </p>
    );
  }

  return (
    <div className="diff">
      <p className="diff-summary">
        {before.label} → {after.label}: <span className="diff-summary__added">{result.added} added</span>,{' '}
        <span className="diff-summary__removed">{result.removed} removed</span>
      </p>
      <div className="diff__scroll" tabIndex={0} aria-label={`Changes from ${before.label} to ${after.label}`} role="region">
        <table className="diff__table">
          <caption className="visually-hidden">
            Changes from {before.label} to {after.label}
          </caption>
          <thead className="visually-hidden">
            <tr>
              <th scope="col">{before.label} line</th>
              <th scope="col">{after.label} line</th>
              <th scope="col">Change</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          {result.hunks.map((hunk) => (
            <tbody key={`${hunk.oldStart}:${hunk.newStart}`}>
              <tr className="diff__hunk">
                <td colSpan={4}>
                  Lines {hunk.oldStart}–{hunk.oldStart + Math.max(0, hunk.oldLines - 1)} of {before.label}, {hunk.newStart}–
                  {hunk.newStart + Math.max(0, hunk.newLines - 1)} of {after.label}
                </td>
              </tr>
              {hunk.lines.map((line, index) => (
                <tr key={index} className={`diff__line diff__line--${line.kind}`}>
                  <td className="diff__number">{line.oldNumber ?? ''}</td>
                  <td className="diff__number">{line.newNumber ?? ''}</td>
                  <td className="diff__marker">
                    <span aria-hidden="true">{MARKERS[line.kind].sign}</span>
                    <span className="visually-hidden">{MARKERS[line.kind].spoken}</span>
                  </td>
                  <td className="diff__text">
                    <code>{line.text}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}
