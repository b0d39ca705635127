// @vitest-environment happy-dom
import { renderArtifact } from '@quarterdeck/contracts/artifacts';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ThemeProvider } from '../ThemeProvider';
import { MarkdownDocument } from './MarkdownDocument';

afterEach(cleanup);

describe('MarkdownDocument', () => {
  it('renders a specification as headings and lists, and hostile content as visible text', () => {
    const { markdown } = renderArtifact({
      name: 'Spec',
      version: 1,
      sourceAgent: 'analyst',
      createdAt: '2030-01-01T00:00:00.000Z',
      isSimulated: false,
      artifactType: 'spec',
      handoffType: 'software_specification',
      mimeType: 'application/json',
      content: {
        core_idea: 'Habits',
        requirements: ['<img src=x onerror="window.hacked=1"> works offline', '[click](javascript:alert(1))'],
        user_stories: ['As a nurse'],
        high_level_features: ['Streaks'],
      },
    });
    const { container } = render(
      <ThemeProvider>
        <MarkdownDocument markdown={markdown ?? ''} label="Spec" />
      </ThemeProvider>,
    );
    expect(container.querySelector('h2')?.textContent).toBe('Core idea');
    expect(container.querySelectorAll('ol li')).toHaveLength(2);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a[href^="javascript"]')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror="window.hacked=1"> works offline');
  });

  it('highlights fenced code as text tokens, and raw HTML in Markdown stays text', () => {
    const { container } = render(
      <ThemeProvider>
        <MarkdownDocument markdown={'<script>alert(1)</script>\n\n```ts\nconst a = "<b>";\n```\n'} label="Doc" />
      </ThemeProvider>,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('pre.code-view')?.textContent).toContain('const a = "<b>";');
  });
});
