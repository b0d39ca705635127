import type { ListProjectsInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';

export const projectSelect = {
  id: true,
  name: true,
  productIdea: true,
  description: true,
  status: true,
  workflowTemplateId: true,
  tokenBudget: true,
  costBudgetUsd: true,
  repositoryUrl: true,
  jiraProjectKey: true,
  confluenceSpaceKey: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
} satisfies Prisma.ProjectSelect;

export async function listProjects(db: Db, input: ListProjectsInput) {
  const where: Prisma.ProjectWhereInput = input.status === undefined ? {} : { status: input.status };
  const [items, total] = await Promise.all([
    db.project.findMany({ where, orderBy: { createdAt: 'desc' }, take: input.limit, skip: input.offset, select: projectSelect }),
    db.project.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}
