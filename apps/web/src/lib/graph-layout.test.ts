import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAPH_LAYOUT_OPTIONS, layoutTaskGraph, type GraphTaskInput } from './graph-layout';

function task(id: string, waveNumber: number, dependsOn: string[] = [], title = id): GraphTaskInput {
  return { id, title, role: 'coder', status: 'pending', waveNumber, dependsOn };
}

const { nodeWidth, nodeHeight, columnGap, rowGap, padding, headerHeight } = DEFAULT_GRAPH_LAYOUT_OPTIONS;

// analyst → pm → architect → two coders in parallel → qa
const delivery: GraphTaskInput[] = [
  task('analyst', 1, [], 'Analyse the idea'),
  task('pm', 2, ['analyst'], 'Write the PRD'),
  task('architect', 3, ['pm'], 'Design the system'),
  task('coder-b', 4, ['architect'], 'Build the backend'),
  task('coder-a', 4, ['architect'], 'Build the API'),
  task('qa', 5, ['coder-a', 'coder-b'], 'Test the release'),
];

function positions(tasks: GraphTaskInput[], waves = 5) {
  return Object.fromEntries(layoutTaskGraph(waves, tasks).nodes.map((node) => [node.id, [node.column, node.row]]));
}

describe('layoutTaskGraph', () => {
  it('puts each wave in its own column and orders rows within a wave by title', () => {
    expect(positions(delivery)).toEqual({
      analyst: [0, 0],
      pm: [1, 0],
      architect: [2, 0],
      'coder-a': [3, 0], // "Build the API" sorts before "Build the backend"
      'coder-b': [3, 1],
      qa: [4, 0],
    });
  });

  it('converts rows and columns into coordinates', () => {
    const layout = layoutTaskGraph(5, delivery);
    const coderB = layout.nodes.find((node) => node.id === 'coder-b');
    expect(coderB).toMatchObject({
      x: padding + 3 * (nodeWidth + columnGap),
      y: padding + headerHeight + 1 * (nodeHeight + rowGap),
      width: nodeWidth,
      height: nodeHeight,
    });
    expect(layout.width).toBe(2 * padding + 5 * nodeWidth + 4 * columnGap);
    expect(layout.height).toBe(2 * padding + headerHeight + 2 * nodeHeight + rowGap);
    expect(layout.columns.map((column) => column.waveNumber)).toEqual([1, 2, 3, 4, 5]);
  });

  it('draws an edge from each dependency to its dependant, right edge to left edge', () => {
    const layout = layoutTaskGraph(5, delivery);
    expect(layout.edges.map((edge) => edge.id).sort()).toEqual(
      ['analyst->pm', 'pm->architect', 'architect->coder-a', 'architect->coder-b', 'coder-a->qa', 'coder-b->qa'].sort(),
    );
    const edge = layout.edges.find((candidate) => candidate.id === 'coder-b->qa');
    const from = layout.nodes.find((node) => node.id === 'coder-b');
    const to = layout.nodes.find((node) => node.id === 'qa');
    expect(edge).toMatchObject({
      x1: (from?.x ?? NaN) + nodeWidth,
      y1: (from?.y ?? NaN) + nodeHeight / 2,
      x2: to?.x,
      y2: (to?.y ?? NaN) + nodeHeight / 2,
    });
    expect(edge?.path.startsWith(`M ${edge.x1} ${edge.y1} C`)).toBe(true);
    expect(edge?.path.endsWith(`${edge.x2} ${edge.y2}`)).toBe(true);
  });

  it('places a task next to the tasks it depends on', () => {
    const tasks = [
      task('a', 1, [], 'A'),
      task('b', 1, [], 'B'),
      task('from-b', 2, ['b'], 'A task that needs B'),
      task('from-a', 2, ['a'], 'Z task that needs A'),
    ];
    expect(positions(tasks, 2)).toMatchObject({ 'from-a': [1, 0], 'from-b': [1, 1] });
  });

  it('gives the same layout whatever the input order or task status', () => {
    const shuffled = [...delivery].reverse().map((item, index) => ({
      ...item,
      status: index % 2 === 0 ? ('completed' as const) : ('working' as const),
    }));
    expect(positions(shuffled)).toEqual(positions(delivery));
  });

  it('ignores dependencies on unknown ids, duplicates and self-references', () => {
    const layout = layoutTaskGraph(2, [task('a', 1), task('b', 2, ['a', 'a', 'b', 'deleted-task', 'other-run-task'])]);
    expect(layout.edges.map((edge) => edge.id)).toEqual(['a->b']);
    expect(layout.nodes).toHaveLength(2);
  });

  it('keeps a column for every announced wave, including waves without tasks yet', () => {
    const layout = layoutTaskGraph(3, [task('a', 0)]);
    expect(layout.columns.map((column) => column.waveNumber)).toEqual([0, 1, 2]);
    expect(layout.width).toBe(2 * padding + 3 * nodeWidth + 2 * columnGap);
  });

  it('grows past `waves` when tasks sit in later waves than announced', () => {
    const layout = layoutTaskGraph(1, [task('a', 1), task('b', 3, ['a'])]);
    expect(layout.columns).toHaveLength(3);
    expect(layout.nodes.find((node) => node.id === 'b')?.column).toBe(2);
  });

  it('returns an empty layout for no waves and no tasks', () => {
    expect(layoutTaskGraph(0, [])).toEqual({ nodes: [], edges: [], columns: [], width: 0, height: 0 });
  });

  it('returns empty columns for waves announced before any task exists', () => {
    const layout = layoutTaskGraph(2, []);
    expect(layout.nodes).toEqual([]);
    expect(layout.edges).toEqual([]);
    expect(layout.columns.map((column) => column.waveNumber)).toEqual([1, 2]);
  });
});
