import type { ListTasksInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';

export const taskSelect = {
  id: true,
  projectId: true,
  runId: true,
  waveId: true,
  stepId: true,
  title: true,
  role: true,
  instructions: true,
  status: true,
  priority: true,
  lane: true,
  category: true,
  assignedAgentId: true,
  attempts: true,
  maxAttempts: true,
  onCriticalPath: true,
  requiresReview: true,
  consumes: true,
  produces: true,
  verificationStatus: true,
  lastError: true,
  feedback: true,
  retryAt: true,
  createdAt: true,
  updatedAt: true,
  startedAt: true,
  completedAt: true,
  wave: { select: { number: true } },
} satisfies Prisma.TaskSelect;

/**
 * The listing also carries each task's prerequisites so the dashboard can draw the graph's
 * edges: Prisma loads the relation for the whole page in one query (no query per task).
 */
const taskListSelect = { ...taskSelect, dependsOn: { select: { dependsOnTaskId: true } } } satisfies Prisma.TaskSelect;

export async function listTasks(db: Db, input: ListTasksInput) {
  const where: Prisma.TaskWhereInput = {
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
    ...(input.runId === undefined ? {} : { runId: input.runId }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.priority === undefined ? {} : { priority: input.priority }),
    ...(input.waveNumber === undefined ? {} : { wave: { number: input.waveNumber } }),
    ...(input.lane === undefined ? {} : { lane: input.lane }),
    ...(input.assignedAgentId === undefined ? {} : { assignedAgentId: input.assignedAgentId }),
  };
  const [items, total] = await Promise.all([
    db.task.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: input.limit,
      skip: input.offset,
      select: taskListSelect,
    }),
    db.task.count({ where }),
  ]);
  return {
    items: items.map(({ dependsOn, ...task }) => ({ ...task, dependsOnTaskIds: dependsOn.map((edge) => edge.dependsOnTaskId) })),
    total,
    limit: input.limit,
    offset: input.offset,
  };
}
