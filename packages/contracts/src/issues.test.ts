import { describe, expect, it } from 'vitest';
import { describeIssues, formatIssuePath } from './issues';

describe('formatIssuePath', () => {
  it('writes paths the way a person reads JSON', () => {
    expect(formatIssuePath(['content', 'files', 0, 'path'])).toBe('content.files[0].path');
    expect(formatIssuePath(['variables', 'my var'])).toBe('variables["my var"]');
    expect(formatIssuePath([])).toBe('');
  });
});

describe('describeIssues', () => {
  it('gives one line per issue, with the path first', () => {
    expect(
      describeIssues([
        { path: 'content.core_idea', message: 'must not be empty' },
        { path: '', message: 'must change at least one field' },
      ]),
    ).toBe('content.core_idea: must not be empty\nmust change at least one field');
  });
});
