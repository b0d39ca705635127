import type { ListRunsInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';

export const runSelect = {
  id: true,
  projectId: true,
  workflowId: true,
  teamId: true,
  status: true,
  statusReason: true,
  variables: true,
  currentWave: true,
  createdAt: true,
  updatedAt: true,
  startedAt: true,
  completedAt: true,
} satisfies Prisma.WorkflowRunSelect;

export async function listRuns(db: Db, input: ListRunsInput) {
  const where: Prisma.WorkflowRunWhereInput = {
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
    ...(input.status === undefined ? {} : { status: input.status }),
  };
  const [items, total] = await Promise.all([
    db.workflowRun.findMany({ where, orderBy: { createdAt: 'desc' }, take: input.limit, skip: input.offset, select: runSelect }),
    db.workflowRun.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}
