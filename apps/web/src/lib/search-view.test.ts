import { describe, expect, it } from 'vitest';
import type { SearchHit } from '../api/outputs';
import { buildFileTree } from '../components/artifacts/FileTree';
import { dayRange, groupSearchHits, searchHitHref } from './search-view';

const base = {
  title: 't',
  snippet: [],
  snippetHtml: '',
  rank: 1,
  matchedId: false,
  projectId: 'p1',
  projectName: 'P',
  runId: null,
  createdAt: '2030-01-01T00:00:00.000Z',
};

describe('search results', () => {
  it('opens each kind at its place: the task in the graph, the artifact version, the request in Approvals, the project', () => {
    const hits: SearchHit[] = [
      { ...base, kind: 'task', id: 't1', status: 'pending', role: 'coder' },
      { ...base, kind: 'artifact', id: 'a1', logicalKey: 'k', version: 2, artifactType: 'spec', handoffType: null, sourceAgent: 'analyst' },
      { ...base, kind: 'hitl', id: 'h1', status: 'pending', hitlKind: 'review', taskId: null },
      { ...base, kind: 'project', id: 'p1', status: 'active' },
      { ...base, kind: 'decision', id: 'd1', conversationId: null },
      { ...base, kind: 'decision', id: 'd2', conversationId: null, projectId: null },
    ];
    expect(hits.map(searchHitHref)).toEqual([
      '/projects/p1?tab=graph&task=t1',
      '/projects/p1?tab=artifacts&artifact=a1',
      '/projects/p1?tab=approvals&request=h1',
      '/projects/p1',
      '/projects/p1',
      null,
    ]);
    expect(groupSearchHits(hits).map((group) => [group.kind, group.hits.length])).toEqual([
      ['task', 1],
      ['artifact', 1],
      ['hitl', 1],
      ['project', 1],
      ['decision', 2],
    ]);
  });

  it('turns calendar days into a from / to range that includes the whole last day', () => {
    expect(dayRange('2030-01-01', '2030-01-31')).toEqual({ from: '2030-01-01T00:00:00.000Z', to: '2030-02-01T00:00:00.000Z' });
    expect(dayRange(null, 'nonsense')).toEqual({});
  });
});

describe('file tree', () => {
  it('nests paths in folders, folders first, names sorted', () => {
    const tree = buildFileTree(['src/b.ts', 'README.md', 'src/auth/login.ts', 'src/a.ts']);
    const names = (nodes: ReturnType<typeof buildFileTree>): unknown[] =>
      nodes.map((node) => (node.isFile ? node.name : { [node.name]: names(node.children) }));
    expect(names(tree)).toEqual([{ src: [{ auth: ['login.ts'] }, 'a.ts', 'b.ts'] }, 'README.md']);
  });
});
