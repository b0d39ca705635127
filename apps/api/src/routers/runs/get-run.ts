import type { Db } from '@quarterdeck/db';
import { notFound } from '../not-found';
import { runSelect } from './list-runs';

/** A run with its waves, each with its task counts by status. */
export async function getRun(db: Db, runId: string) {
  const run = await db.workflowRun.findUnique({
    where: { id: runId },
    select: {
      ...runSelect,
      waves: { orderBy: { number: 'asc' }, select: { id: true, number: true, status: true, startedAt: true, completedAt: true } },
    },
  });
  if (!run) throw notFound('run', 'runId');
  const counts = await db.task.groupBy({ by: ['waveId', 'status'], where: { runId }, _count: { _all: true } });
  const waves = run.waves.map((wave) => {
    const tasksByStatus: Record<string, number> = {};
    let totalTasks = 0;
    for (const count of counts) {
      if (count.waveId !== wave.id) continue;
      tasksByStatus[count.status] = count._count._all;
      totalTasks += count._count._all;
    }
    return { ...wave, totalTasks, tasksByStatus };
  });
  return { ...run, waves };
}
