import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { bundleCodePath, isTestPath, languageOfPath, safeRelativePath, withLanguageExtension } from './code-files';
import { codeBlock, inlineText, paragraphs } from './markdown';
import { renderArtifact, type RenderableArtifact } from './render-artifact';
import { renderCodeChange } from './render-code-change';
import { renderDecisionLog, renderDiscussionOutcome } from './render-decisions';
import { renderImplementationPlan } from './render-implementation-plan';
import { renderQaReport } from './render-qa-report';
import { renderReleasePlan } from './render-release-plan';
import { renderSpecification } from './render-specification';

// Each renderer is checked through the Markdown parser the dashboard uses (micromark, under
// react-markdown), so "escaped" means what a reader sees, not what the source looks like.

const meta = { name: 'Write the spec', version: 2, sourceAgent: 'analyst', createdAt: '2026-12-01T10:00:00.000Z', isSimulated: true };
const HOSTILE = '<script>alert(1)</script> **bold** [link](javascript:alert(1)) # not a heading `tick` &amp; | pipe';

function html(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
}

/** The text a reader sees (tags dropped, entities decoded). */
function visibleText(markup: string): string {
  return markup
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function expectInert(markdown: string) {
  const rendered = html(markdown);
  expect(rendered).not.toMatch(/<script/i);
  expect(rendered).not.toMatch(/href="javascript:/i);
  expect(rendered).not.toContain('<strong>bold</strong>');
  expect(visibleText(rendered)).toContain(HOSTILE);
}

describe('Markdown escaping', () => {
  it('keeps hostile text as the text it is, inline and in paragraphs', () => {
    expect(visibleText(html(inlineText(HOSTILE)))).toContain(HOSTILE);
    expectInert(paragraphs(`${HOSTILE}\n# also not a heading\n1. not a list\n> not a quote`));
    const rendered = html(paragraphs('# also not a heading\n1. not a list\n- not a bullet\n> not a quote'));
    expect(rendered).not.toMatch(/<h1|<ol|<ul|<blockquote/);
  });

  it('fences code with more backticks than the code contains, so the code cannot close its fence', () => {
    const code = 'const a = "```";\nconst b = "````";\n```\n# after';
    const block = codeBlock(code, 'ts');
    expect(block.startsWith('`````ts\n')).toBe(true);
    const rendered = html(block);
    expect(rendered).not.toContain('<h1>');
    expect(visibleText(rendered)).toContain(code);
  });
});

describe('document renderers', () => {
  it('renders a specification with its idea, features, numbered requirements, stories and assumptions, escaped', () => {
    const markdown = renderSpecification(
      {
        core_idea: 'Habit tracking for night-shift nurses',
        requirements: ['Works offline on the ward', HOSTILE],
        user_stories: ['As a nurse I log a habit in one tap'],
        high_level_features: ['Streaks'],
        assumptions: ['Phones are allowed on the ward'],
      },
      meta,
    );
    expect(markdown).toMatch(/^# Software specification: Write the spec\n/);
    const rendered = html(markdown);
    expect(rendered).toContain('<h2>Requirements</h2>');
    expect(rendered).toMatch(/<ol>\s*<li>Works offline on the ward<\/li>/);
    expect(rendered).toContain('<h2>Assumptions</h2>');
    expect(rendered).toContain('simulated provider');
    expectInert(markdown);
  });

  it('renders a release plan with a feature table, acceptance criteria as checkboxes, and the empty sections said', () => {
    const markdown = renderReleasePlan(
      {
        release_goal: 'Ship the first streaks',
        features: [
          {
            id: 'F1',
            title: 'Streaks | counters',
            description: HOSTILE,
            priority: 'must',
            acceptance_criteria: ['A streak survives a night off'],
          },
        ],
        out_of_scope: [],
        success_metrics: ['Daily use'],
      },
      meta,
    );
    const rendered = html(markdown);
    expect(rendered).toContain('<table>');
    expect(rendered).toMatch(/<td>Streaks \| counters<\/td>/);
    expect(rendered).toContain('<input type="checkbox" disabled="" /> A streak survives a night off');
    expect(rendered).toContain('Nothing was ruled out.');
    expectInert(markdown);
  });

  it('renders an implementation plan with the schema as a SQL block', () => {
    const markdown = renderImplementationPlan(
      {
        architecture_diagram_url: '',
        database_schema: 'CREATE TABLE habits (id uuid);',
        tech_stack: ['TypeScript', HOSTILE],
        task_breakdown: ['Build the API', 'Build the app'],
        components: ['api', 'app'],
      },
      meta,
    );
    expect(markdown).toContain('```sql\nCREATE TABLE habits (id uuid);\n```');
    expect(html(markdown)).toContain('<h2>Components</h2>');
    expectInert(markdown);
  });

  it('renders a QA report with its verdict first, findings and tested items', () => {
    const markdown = renderQaReport({ passed: false, summary: 'Two gaps', findings: [HOSTILE], tested_items: ['Login'] }, meta);
    expect(html(markdown)).toContain('<strong>Verdict: failed</strong>');
    expect(html(markdown)).toContain('<input type="checkbox" disabled="" /> Login');
    expectInert(markdown);
  });

  it('renders decisions with the chosen variant, every vote and reason, and the dissent', () => {
    const outcome = renderDiscussionOutcome(
      {
        summary: 'The panel chose local storage.',
        decisions: [
          {
            problem: 'Where do habits live offline?',
            variants: [
              { id: 'local', title: 'IndexedDB on the phone' },
              { id: 'server', title: 'Server only' },
            ],
            votes: [
              { voter: 'Sam Tech', variant_id: 'local', reason: 'Wards have no reception' },
              { voter: 'Jordan', variant_id: 'server', reason: HOSTILE },
            ],
            chosen_variant_id: 'local',
            justification: 'Offline first',
          },
        ],
        open_questions: ['How long to keep data?'],
      },
      meta,
    );
    const rendered = html(outcome);
    expect(rendered).toContain('<strong>Chosen: IndexedDB on the phone</strong>');
    expect(rendered).toMatch(/<td>Sam Tech<\/td>\s*<td>IndexedDB on the phone<\/td>\s*<td>Wards have no reception<\/td>/);
    expect(rendered).toContain('<h3>Dissent</h3>');
    expect(rendered).toContain('<h2>Open questions</h2>');
    expectInert(outcome);

    const log = renderDecisionLog('Night <shift>', [
      { problem: 'Pick a database', variants: [{ id: 'pg', title: 'Postgres' }], votes: [], chosenVariantId: null, justification: null },
    ]);
    expect(html(log)).toContain('<h1>Decisions: Night &lt;shift&gt;</h1>');
    expect(html(log)).toContain('No variant was chosen.');
  });

  it('renders a code change as a document linking each file, and the files at their paths with extensions', () => {
    const { markdown, files } = renderCodeChange(
      {
        summary: 'Adds login',
        files: [
          { path: 'src/auth/login.ts', content: 'export const login = 1;\n', language: 'typescript' },
          { path: 'tests/auth/login.test.ts', content: 'test("login", () => {});\n' },
          { path: 'scripts/seed', content: 'print(1)\n', language: 'python' },
        ],
      },
      meta,
    );
    expect(files.map((file) => [file.path, file.bundlePath, file.kind, file.language])).toEqual([
      ['src/auth/login.ts', 'src/auth/login.ts', 'source', 'typescript'],
      ['tests/auth/login.test.ts', 'tests/auth/login.test.ts', 'test', 'typescript'],
      ['scripts/seed.py', 'src/scripts/seed.py', 'source', 'python'],
    ]);
    expect(html(markdown)).toContain('<a href="../src/auth/login.ts">src/auth/login.ts</a>');
  });
});

describe('code file placement', () => {
  it('makes declared paths safe, adds the language extension only when missing, and tells tests apart', () => {
    expect(safeRelativePath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeRelativePath('/abs//x y.ts')).toBe('abs/x_y.ts');
    expect(safeRelativePath('..')).toBeNull();
    expect(withLanguageExtension('main', 'python')).toBe('main.py');
    expect(withLanguageExtension('main.rs', 'python')).toBe('main.rs');
    expect(withLanguageExtension('Dockerfile', 'dockerfile')).toBe('Dockerfile');
    expect(isTestPath('src/a.spec.ts')).toBe(true);
    expect(isTestPath('test_app.py')).toBe(true);
    expect(isTestPath('src/app.ts')).toBe(false);
    expect(bundleCodePath('tests/test_app.py')).toEqual({ path: 'tests/test_app.py', kind: 'test' });
    expect(bundleCodePath('src/a.test.ts')).toEqual({ path: 'src/a.test.ts', kind: 'test' });
    expect(bundleCodePath('app/main.go')).toEqual({ path: 'src/app/main.go', kind: 'source' });
    expect(languageOfPath('index.html')).toBe('markup');
    expect(languageOfPath('notes')).toBeNull();
  });
});

describe('renderArtifact', () => {
  const artifact = (fields: Partial<RenderableArtifact>): RenderableArtifact => ({
    ...meta,
    artifactType: 'spec',
    handoffType: null,
    mimeType: 'application/json',
    content: {},
    ...fields,
  });

  it('renders a handoff as its document and keeps the content as data', () => {
    const content = { passed: true, findings: [], tested_items: ['Login'] };
    const rendered = renderArtifact(artifact({ handoffType: 'qa_report', artifactType: 'test', content }));
    expect(rendered.documentName).toBe('qa-report');
    expect(rendered.markdown).toContain('**Verdict: passed**');
    expect(rendered.data).toEqual(content);
  });

  it('shows content that does not match its handoff schema as JSON rather than failing', () => {
    const rendered = renderArtifact(artifact({ handoffType: 'software_specification', content: { core_idea: 'only this' } }));
    expect(rendered.markdown).toContain('```json');
    expect(rendered.markdown).toContain('"core_idea": "only this"');
  });

  it('renders a text file artifact as a code file at its path, and Markdown text as a document', () => {
    const code = renderArtifact(artifact({ name: 'src/app.ts', artifactType: 'code', mimeType: 'text/plain', content: 'export {};\n' }));
    expect(code.markdown).toBeNull();
    expect(code.files).toEqual([
      { path: 'src/app.ts', bundlePath: 'src/app.ts', kind: 'source', language: 'typescript', content: 'export {};\n' },
    ]);
    const notes = renderArtifact(artifact({ name: 'notes.md', artifactType: 'doc', mimeType: 'text/markdown', content: '## Notes\n\nHi' }));
    expect(notes.documentName).toBe('notes');
    expect(notes.markdown).toContain('## Notes');
  });
});
