import { describe, expect, it } from 'vitest';
import { artifactText, diffArtifactVersions, diffTexts, isJsonMimeType } from './artifact-diff';

const json = 'application/json';
const text = 'text/markdown';

describe('artifactText', () => {
  it('pretty-prints structured content with keys sorted', () => {
    expect(artifactText({ content: { title: 'Spec', goals: ['fast'], a: 1 }, mimeType: json })).toBe(
      '{\n  "a": 1,\n  "goals": [\n    "fast"\n  ],\n  "title": "Spec"\n}',
    );
  });

  it('shows a text artifact as it is', () => {
    expect(artifactText({ content: '# Plan\n\n- one', mimeType: text })).toBe('# Plan\n\n- one');
  });

  it('re-indents JSON that was stored as a string', () => {
    expect(artifactText({ content: '{"b":1,"a":2}', mimeType: 'application/vnd.quarterdeck+json' })).toBe('{\n  "a": 2,\n  "b": 1\n}');
  });

  it('recognises JSON mime types with parameters and suffixes', () => {
    expect(isJsonMimeType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonMimeType('application/ld+json')).toBe(true);
    expect(isJsonMimeType('text/plain')).toBe(false);
  });
});

describe('diffArtifactVersions', () => {
  it('reports changed JSON values as one removal and one addition, with numbered lines', () => {
    const before = { content: { name: 'Habit tracker', users: 'nurses', version: 1 }, mimeType: json };
    const after = { content: { name: 'Habit tracker', users: 'night-shift nurses', version: 1 }, mimeType: json };
    const result = diffArtifactVersions(before, after);
    expect(result).toMatchObject({ added: 1, removed: 1, identical: false });
    expect(result.hunks).toHaveLength(1);
    expect(result.hunks[0]?.lines).toEqual([
      { kind: 'context', text: '{', oldNumber: 1, newNumber: 1 },
      { kind: 'context', text: '  "name": "Habit tracker",', oldNumber: 2, newNumber: 2 },
      { kind: 'remove', text: '  "users": "nurses",', oldNumber: 3 },
      { kind: 'add', text: '  "users": "night-shift nurses",', newNumber: 3 },
      { kind: 'context', text: '  "version": 1', oldNumber: 4, newNumber: 4 },
      { kind: 'context', text: '}', oldNumber: 5, newNumber: 5 },
    ]);
  });

  it('sees no change when only the key order differs', () => {
    const result = diffArtifactVersions({ content: { a: 1, b: 2 }, mimeType: json }, { content: { b: 2, a: 1 }, mimeType: json });
    expect(result).toEqual({ hunks: [], added: 0, removed: 0, identical: true });
  });

  it('diffs text artifacts line by line', () => {
    const result = diffArtifactVersions(
      { content: 'line one\nline two\nline three', mimeType: text },
      { content: 'line one\nline three\nline four\n', mimeType: text },
    );
    expect(result.added).toBe(1);
    expect(result.removed).toBe(1);
    const changes = result.hunks.flatMap((hunk) => hunk.lines.filter((line) => line.kind !== 'context'));
    expect(changes).toEqual([
      { kind: 'remove', text: 'line two', oldNumber: 2 },
      { kind: 'add', text: 'line four', newNumber: 3 },
    ]);
  });

  it('splits distant changes into separate hunks with limited context', () => {
    const lines = Array.from({ length: 30 }, (_, index) => `line ${index + 1}`);
    const changed = [...lines];
    changed[1] = 'changed 2';
    changed[27] = 'changed 28';
    const result = diffTexts(lines.join('\n'), changed.join('\n'), 2);
    expect(result.hunks).toHaveLength(2);
    expect(result.hunks[1]).toMatchObject({ oldStart: 26, newStart: 26 });
  });

  it('treats an empty old version as all additions', () => {
    const result = diffTexts('', 'first\nsecond');
    expect(result).toMatchObject({ added: 2, removed: 0 });
  });
});
