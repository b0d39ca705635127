import { useId, useMemo, type KeyboardEvent } from 'react';
import { statusDisplay } from '../lib/format';
import { layoutTaskGraph, type GraphEdge, type GraphNode, type GraphTaskInput } from '../lib/graph-layout';
import { EmptyState } from './states';

interface TaskGraphProps {
  /** How many waves the run has (columns are drawn for waves without tasks too). */
  waves: number;
  tasks: readonly GraphTaskInput[];
  selectedTaskId?: string | null;
  onSelectTask?: (taskId: string) => void;
}

/** Characters of a title that fit in a node at the default width; the full title is in the node's tooltip. */
const TITLE_CHARS = 24;

/**
 * The run as a DAG: waves left to right, each task a node coloured by status, each
 * dependency an arrow. Nodes are buttons in tab order (wave by wave, top to bottom), so the
 * graph can be walked and a task opened from the keyboard.
 */
export function TaskGraph({ waves, tasks, selectedTaskId = null, onSelectTask }: TaskGraphProps) {
  const layout = useMemo(() => layoutTaskGraph(waves, tasks), [waves, tasks]);
  const statusById = useMemo(() => new Map(tasks.map((task) => [task.id, task.status])), [tasks]);
  // Marker ids are document-wide; useId keeps two graphs on one page apart. Its punctuation
  // is not safe inside url(#…), so keep only word characters.
  const arrowId = `graph-arrow-${useId().replace(/\W/g, '')}`;

  if (layout.nodes.length === 0) {
    return (
      <EmptyState title="No tasks yet" compact>
        Tasks appear here as soon as the run lays out its waves.
      </EmptyState>
    );
  }

  return (
    <div className="graph-scroll">
      <svg
        className="graph"
        role="group"
        aria-label={`Task graph: ${tasks.length} tasks in ${layout.columns.length} waves`}
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
      >
        <defs>
          <marker id={arrowId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="graph__arrow" />
          </marker>
        </defs>
        {layout.columns.map((column) => (
          <text key={column.index} className="graph__wave" x={column.x} y={18} textAnchor="middle">
            Wave {column.waveNumber}
          </text>
        ))}
        <g aria-hidden="true">
          {layout.edges.map((edge) => (
            <Edge key={edge.id} edge={edge} arrowId={arrowId} satisfied={statusById.get(edge.from) === 'completed'} />
          ))}
        </g>
        {layout.nodes.map((node) => (
          <Node key={node.id} node={node} selected={node.id === selectedTaskId} onSelect={onSelectTask} />
        ))}
      </svg>
    </div>
  );
}

function Edge({ edge, arrowId, satisfied }: { edge: GraphEdge; arrowId: string; satisfied: boolean }) {
  return <path className={satisfied ? 'graph__edge graph__edge--satisfied' : 'graph__edge'} d={edge.path} markerEnd={`url(#${arrowId})`} />;
}

interface NodeProps {
  node: GraphNode;
  selected: boolean;
  onSelect: ((taskId: string) => void) | undefined;
}

function Node({ node, selected, onSelect }: NodeProps) {
  const { task } = node;
  const status = statusDisplay('task', task.status);
  const interactive = onSelect !== undefined;

  function onKeyDown(event: KeyboardEvent<SVGGElement>) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect?.(task.id);
    }
  }

  return (
    <g
      className={`graph__node tone-${status.tone}${selected ? ' graph__node--selected' : ''}${task.status === 'working' ? ' graph__node--working' : ''}`}
      transform={`translate(${node.x} ${node.y})`}
      role={interactive ? 'button' : 'img'}
      tabIndex={interactive ? 0 : undefined}
      aria-label={`${task.title}, ${task.role}, ${status.label}`}
      aria-pressed={interactive ? selected : undefined}
      onClick={interactive ? () => onSelect(task.id) : undefined}
      onKeyDown={interactive ? onKeyDown : undefined}
    >
      <title>{`${task.title} (${task.role}): ${status.label}`}</title>
      <rect className="graph__box" width={node.width} height={node.height} rx={8} />
      <rect className="graph__stripe" width={5} height={node.height} rx={2} />
      <text className="graph__title" x={14} y={23}>
        {truncate(task.title, TITLE_CHARS)}
      </text>
      <text className="graph__meta" x={14} y={43}>
        {truncate(`${task.role} · ${status.label}`, TITLE_CHARS + 4)}
      </text>
    </g>
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
