import type { ListHitlRequestsInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';
import { notFound } from '../not-found';

export const hitlSelect = {
  id: true,
  projectId: true,
  runId: true,
  taskId: true,
  artifactId: true,
  kind: true,
  question: true,
  options: true,
  status: true,
  responseContent: true,
  respondedById: true,
  respondedAt: true,
  timeoutAt: true,
  timeoutAction: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.HitlRequestSelect;

/** The inbox shows what each request is about by its task's title, loaded with the page (one query for the relation). */
const hitlListSelect = { ...hitlSelect, task: { select: { title: true } } } satisfies Prisma.HitlRequestSelect;

/** Requests (oldest pending first) with how many are still waiting for a person in the same scope. */
export async function listHitlRequests(db: Db, input: ListHitlRequestsInput) {
  const scope: Prisma.HitlRequestWhereInput = {
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
    ...(input.runId === undefined ? {} : { runId: input.runId }),
    ...(input.taskId === undefined ? {} : { taskId: input.taskId }),
    ...(input.kind === undefined ? {} : { kind: input.kind }),
  };
  const where: Prisma.HitlRequestWhereInput = { ...scope, ...(input.status === undefined ? {} : { status: input.status }) };
  const [items, total, pendingCount] = await Promise.all([
    db.hitlRequest.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: input.limit,
      skip: input.offset,
      select: hitlListSelect,
    }),
    db.hitlRequest.count({ where }),
    db.hitlRequest.count({ where: { ...scope, status: 'pending' } }),
  ]);
  return { items, total, pendingCount, limit: input.limit, offset: input.offset };
}

/** A request with the artifact under review (content included: the reviewer reads it). */
export async function getHitlRequest(db: Db, hitlRequestId: string) {
  const request = await db.hitlRequest.findUnique({
    where: { id: hitlRequestId },
    select: {
      ...hitlSelect,
      task: { select: { id: true, title: true, role: true, status: true } },
      artifact: {
        select: {
          id: true,
          name: true,
          logicalKey: true,
          version: true,
          artifactType: true,
          handoffType: true,
          content: true,
          isSimulated: true,
        },
      },
    },
  });
  if (!request) throw notFound('HITL request', 'hitlRequestId');
  return request;
}
