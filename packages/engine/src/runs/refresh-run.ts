import { ACTIVE_RUN_STATUSES } from '../statuses';
import type { Work } from '../unit-of-work/transaction';

interface WaveCounts {
  id: string;
  number: number;
  status: 'pending' | 'running' | 'completed' | 'failed';
  total: number;
  started: number;
  completed: number;
  failed: number;
  cancelled: number;
}

/**
 * Brings a run's waves, progress and completion up to date with its tasks: a wave opens
 * when its first task leaves `pending`, closes when all its tasks are done; the run
 * completes when every task has finished and none that blocks it failed. Idempotent: it
 * only acts on differences, so every transaction that moves a task can call it.
 */
export async function refreshRun(w: Work, runId: string): Promise<void> {
  const { tx, emit } = w;
  const run = await tx.workflowRun.findUnique({
    where: { id: runId },
    select: { id: true, projectId: true, status: true, startedAt: true, currentWave: true },
  });
  if (!run) return;
  const waves = await tx.$queryRaw<WaveCounts[]>`
    SELECT w.id, w.number, w.status::text AS status,
      count(t.id)::int AS total,
      count(t.id) FILTER (WHERE t.status <> 'pending')::int AS started,
      count(t.id) FILTER (WHERE t.status = 'completed')::int AS completed,
      count(t.id) FILTER (WHERE t.status = 'failed')::int AS failed,
      count(t.id) FILTER (WHERE t.status = 'cancelled')::int AS cancelled
    FROM waves w LEFT JOIN tasks t ON t.wave_id = w.id
    WHERE w.run_id = ${runId}::uuid
    GROUP BY w.id ORDER BY w.number`;
  const scope = { projectId: run.projectId, runId };

  for (const wave of waves) {
    const done = wave.completed + wave.failed + wave.cancelled;
    if ((wave.status === 'completed' || wave.status === 'failed') && done < wave.total) {
      // Work came back to a closed wave (QA sent a task back, a run resumed): it is open again.
      await tx.wave.update({ where: { id: wave.id }, data: { status: 'running', completedAt: null } });
      emit({ type: 'wave.started', ...scope, payload: { waveNumber: wave.number, taskCount: wave.total } });
      wave.status = 'running';
    }
    if (wave.status === 'pending' && wave.started > 0) {
      await tx.wave.update({ where: { id: wave.id }, data: { status: 'running', startedAt: new Date() } });
      emit({ type: 'wave.started', ...scope, payload: { waveNumber: wave.number, taskCount: wave.total } });
      wave.status = 'running';
    }
    if ((wave.status === 'running' || wave.status === 'pending') && wave.total > 0 && done === wave.total) {
      const status = wave.completed === wave.total ? 'completed' : 'failed';
      await tx.wave.update({ where: { id: wave.id }, data: { status, completedAt: new Date() } });
      emit({
        type: 'wave.completed',
        ...scope,
        payload: { waveNumber: wave.number, completedTasks: wave.completed, failedTasks: wave.failed },
      });
      wave.status = status;
    }
  }

  const open = waves.find((wave) => wave.status === 'pending' || wave.status === 'running');
  const currentWave = open?.number ?? waves.at(-1)?.number ?? 0;
  const totals = waves.reduce(
    (sum, wave) => ({
      total: sum.total + wave.total,
      completed: sum.completed + wave.completed,
      failed: sum.failed + wave.failed,
      finished: sum.finished + wave.completed + wave.failed + wave.cancelled,
    }),
    { total: 0, completed: 0, failed: 0, finished: 0 },
  );
  if (currentWave !== run.currentWave) {
    await tx.workflowRun.update({ where: { id: runId }, data: { currentWave } });
  }
  emit({
    type: 'run.progress',
    ...scope,
    payload: {
      totalTasks: totals.total,
      completedTasks: totals.completed,
      failedTasks: totals.failed,
      percentage: totals.total === 0 ? 0 : Math.round((totals.completed / totals.total) * 10_000) / 100,
      currentWave,
    },
  });

  if (run.status !== 'running' || totals.total === 0 || totals.finished < totals.total) return;
  const blockingFailures = await tx.task.count({ where: { runId, status: 'failed', onCriticalPath: true } });
  if (blockingFailures > 0) return;
  const now = new Date();
  await tx.workflowRun.update({ where: { id: runId }, data: { status: 'completed', completedAt: now, statusReason: null } });
  emit({
    type: 'run.completed',
    ...scope,
    payload: {
      durationMs: run.startedAt ? Math.max(0, now.getTime() - run.startedAt.getTime()) : 0,
      completedTasks: totals.completed,
      failedTasks: totals.failed,
    },
  });
  await completeProjectIfDone(w, run.projectId);
}

/** A project whose runs have all finished (and at least one completed) is completed. */
export async function completeProjectIfDone({ tx, emit }: Work, projectId: string): Promise<void> {
  const project = await tx.project.findUnique({ where: { id: projectId }, select: { status: true } });
  if (project?.status !== 'active') return;
  const unfinished = await tx.workflowRun.count({ where: { projectId, status: { in: [...ACTIVE_RUN_STATUSES] } } });
  const completed = await tx.workflowRun.count({ where: { projectId, status: 'completed' } });
  if (unfinished > 0 || completed === 0) return;
  await tx.project.update({ where: { id: projectId }, data: { status: 'completed', completedAt: new Date() } });
  emit({ type: 'project.status_changed', projectId, payload: { from: 'active', to: 'completed', reason: 'every run completed' } });
}
