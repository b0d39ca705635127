import type { TaskStatus } from '../types';

// Lays out a run's tasks as a left-to-right DAG: one column per wave, one row per task.
// Waves are dependency layers (every task in wave N depends only on earlier waves), so a
// column layout has no backward edges and needs no general graph-layout library.

export interface GraphTaskInput {
  id: string;
  title: string;
  role: string;
  status: TaskStatus;
  waveNumber: number;
  dependsOn: string[];
}

export interface GraphNode {
  id: string;
  task: GraphTaskInput;
  column: number;
  row: number;
  /** Top-left corner, in SVG user units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  /** `${from}->${to}`, stable across renders. */
  id: string;
  from: string;
  to: string;
  /** From the dependency's right edge to the dependant's left edge, both vertically centred. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** A cubic Bézier from (x1, y1) to (x2, y2), ready for `<path d>`. */
  path: string;
}

export interface GraphColumn {
  index: number;
  waveNumber: number;
  /** Centre of the column, for its heading. */
  x: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  columns: GraphColumn[];
  width: number;
  height: number;
}

export interface GraphLayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  columnGap: number;
  rowGap: number;
  padding: number;
  /** Room above the first row for the wave headings. */
  headerHeight: number;
}

export const DEFAULT_GRAPH_LAYOUT_OPTIONS: GraphLayoutOptions = {
  nodeWidth: 208,
  nodeHeight: 60,
  columnGap: 72,
  rowGap: 16,
  padding: 16,
  headerHeight: 28,
};

/**
 * Computes node positions and edge coordinates.
 *
 * `waves` is how many waves the run has; columns are added for waves that have no tasks
 * yet. Wave numbering starts at the lowest wave number present (1 when there are no tasks),
 * so the layout works whether the orchestrator counts waves from 0 or from 1.
 *
 * Rows are ordered so that a task sits near the tasks it depends on (the mean row of its
 * dependencies), then by title, then by id. The order depends only on the graph's shape
 * and names, never on input order or status, so live status updates never move a node.
 * Dependencies on ids that are not in `tasks` are ignored (they belong to another run, or
 * were deleted), as are duplicates and self-references.
 */
export function layoutTaskGraph(waves: number, tasks: readonly GraphTaskInput[], options: Partial<GraphLayoutOptions> = {}): GraphLayout {
  const opts = { ...DEFAULT_GRAPH_LAYOUT_OPTIONS, ...options };
  const firstWave = tasks.length === 0 ? 1 : Math.min(...tasks.map((task) => task.waveNumber));
  const highestColumn = tasks.reduce((max, task) => Math.max(max, task.waveNumber - firstWave), -1);
  const columnCount = Math.max(Math.max(0, Math.floor(waves)), highestColumn + 1);

  const byColumn: GraphTaskInput[][] = Array.from({ length: columnCount }, () => []);
  for (const task of tasks) byColumn[task.waveNumber - firstWave]?.push(task);

  const knownIds = new Set(tasks.map((task) => task.id));
  const rowOf = new Map<string, number>();
  const nodes: GraphNode[] = [];

  byColumn.forEach((columnTasks, column) => {
    const keyed = columnTasks.map((task) => ({ task, weight: meanRow(task.dependsOn, rowOf) }));
    keyed.sort((a, b) => a.weight - b.weight || a.task.title.localeCompare(b.task.title) || compareStrings(a.task.id, b.task.id));
    keyed.forEach(({ task }, row) => {
      rowOf.set(task.id, row);
      nodes.push({
        id: task.id,
        task,
        column,
        row,
        x: opts.padding + column * (opts.nodeWidth + opts.columnGap),
        y: opts.padding + opts.headerHeight + row * (opts.nodeHeight + opts.rowGap),
        width: opts.nodeWidth,
        height: opts.nodeHeight,
      });
    });
  });

  const nodeById = new Map(nodes.map((node) => [node.id, node]));
  const edges: GraphEdge[] = [];
  for (const node of nodes) {
    for (const dependencyId of new Set(node.task.dependsOn)) {
      if (dependencyId === node.id || !knownIds.has(dependencyId)) continue;
      const source = nodeById.get(dependencyId);
      if (source === undefined) continue;
      edges.push(makeEdge(source, node));
    }
  }

  const tallestColumn = byColumn.reduce((max, columnTasks) => Math.max(max, columnTasks.length), 0);
  const columns: GraphColumn[] = Array.from({ length: columnCount }, (_, index) => ({
    index,
    waveNumber: firstWave + index,
    x: opts.padding + index * (opts.nodeWidth + opts.columnGap) + opts.nodeWidth / 2,
  }));

  return {
    nodes,
    edges,
    columns,
    width: columnCount === 0 ? 0 : 2 * opts.padding + columnCount * opts.nodeWidth + (columnCount - 1) * opts.columnGap,
    height:
      columnCount === 0
        ? 0
        : 2 * opts.padding + opts.headerHeight + Math.max(0, tallestColumn * (opts.nodeHeight + opts.rowGap) - opts.rowGap),
  };
}

/** Mean row of the dependencies already placed; tasks with none go after those that have some. */
function meanRow(dependsOn: readonly string[], rowOf: ReadonlyMap<string, number>): number {
  const rows = dependsOn.map((id) => rowOf.get(id)).filter((row): row is number => row !== undefined);
  if (rows.length === 0) return Number.POSITIVE_INFINITY;
  return rows.reduce((sum, row) => sum + row, 0) / rows.length;
}

/** Code-unit order, unlike localeCompare, so ids sort the same in every locale. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function makeEdge(source: GraphNode, target: GraphNode): GraphEdge {
  const x1 = source.x + source.width;
  const y1 = source.y + source.height / 2;
  const x2 = target.x;
  const y2 = target.y + target.height / 2;
  const bend = Math.max(24, (x2 - x1) / 2);
  return {
    id: `${source.id}->${target.id}`,
    from: source.id,
    to: target.id,
    x1,
    y1,
    x2,
    y2,
    path: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`,
  };
}
