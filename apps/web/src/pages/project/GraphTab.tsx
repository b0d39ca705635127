import { useState } from 'react';
import { StatusBadge } from '../../components/StatusBadge';
import { TaskGraph } from '../../components/TaskGraph';
import { useSearchParam } from '../../lib/use-search-param';
import type { TaskNode } from '../../types';

interface GraphTabProps {
  waves: number;
  tasks: TaskNode[];
}

export function GraphTab({ waves, tasks }: GraphTabProps) {
  // A search result opens its task here selected (`?task=`).
  const [linkedTask] = useSearchParam('task');
  const [selectedId, setSelectedId] = useState<string | null>(linkedTask);
  const selected = tasks.find((task) => task.id === selectedId) ?? null;
  return (
    <div className="graph-tab">
      <TaskGraph
        waves={waves}
        tasks={tasks}
        selectedTaskId={selectedId}
        onSelectTask={(id) => setSelectedId(id === selectedId ? null : id)}
      />
      {selected === null ? (
        tasks.length > 0 && <p className="hint">Select a task to see its instructions, attempts and errors.</p>
      ) : (
        <TaskDetail task={selected} />
      )}
    </div>
  );
}

function TaskDetail({ task }: { task: TaskNode }) {
  return (
    <section className="task-detail" aria-label={`Task: ${task.title}`}>
      <div className="task-detail__head">
        <h3 className="task-detail__title">{task.title}</h3>
        <StatusBadge kind="task" value={task.status} />
        <StatusBadge kind="priority" value={task.priority} />
        <StatusBadge kind="verification" value={task.verificationStatus} />
      </div>
      <dl className="facts">
        <dt>Role</dt>
        <dd>{task.role}</dd>
        <dt>Wave</dt>
        <dd>{task.waveNumber}</dd>
        <dt>Attempts</dt>
        <dd>
          {task.attempts} of {task.maxAttempts}
        </dd>
        <dt>Critical path</dt>
        <dd>{task.onCriticalPath ? 'Yes: a failure pauses the run' : 'No: other branches go on if it fails'}</dd>
        {task.consumes.length > 0 && (
          <>
            <dt>Consumes</dt>
            <dd>{task.consumes.join(', ')}</dd>
          </>
        )}
        {task.produces.length > 0 && (
          <>
            <dt>Produces</dt>
            <dd>{task.produces.join(', ')}</dd>
          </>
        )}
      </dl>
      <h4>Instructions</h4>
      <p className="prose">{task.instructions}</p>
      {task.feedback !== null && (
        <>
          <h4>Feedback for the next attempt</h4>
          <p className="prose">{task.feedback}</p>
        </>
      )}
      {task.lastError !== null && (
        <>
          <h4>Last error</h4>
          <pre className="code-block code-block--error">{task.lastError}</pre>
        </>
      )}
    </section>
  );
}
