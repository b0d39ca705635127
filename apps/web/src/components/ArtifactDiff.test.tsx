// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ArtifactDiff } from './ArtifactDiff';

afterEach(cleanup);

describe('ArtifactDiff', () => {
  it('shows added and removed lines with their line numbers', () => {
    const { container } = render(
      <ArtifactDiff
        before={{ label: 'v1', content: { goal: 'track habits' }, mimeType: 'application/json' }}
        after={{ label: 'v2', content: { goal: 'track sleep and habits' }, mimeType: 'application/json' }}
      />,
    );
    expect(screen.getByText(/1 added/)).toBeTruthy();
    const removed = container.querySelector('.diff__line--remove');
    const added = container.querySelector('.diff__line--add');
    expect(removed?.textContent).toContain('"goal": "track habits"');
    expect(removed?.textContent).toContain('removed');
    expect(added?.textContent).toContain('"goal": "track sleep and habits"');
    expect(added?.querySelectorAll('.diff__number')[1]?.textContent).toBe('2');
  });

  it('says when two versions are the same', () => {
    render(
      <ArtifactDiff
        before={{ label: 'v1', content: 'same', mimeType: 'text/plain' }}
        after={{ label: 'v2', content: 'same', mimeType: 'text/plain' }}
      />,
    );
    expect(screen.getByText('No differences between v1 and v2.')).toBeTruthy();
  });
});
