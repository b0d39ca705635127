import type { ListDecisionsInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';
import { notFound } from '../not-found';

const decisionSelect = {
  id: true,
  projectId: true,
  runId: true,
  conversationId: true,
  problem: true,
  description: true,
  variants: true,
  chosenVariantId: true,
  justification: true,
  dissent: true,
  createdAt: true,
  votes: {
    orderBy: { createdAt: 'asc' },
    select: { id: true, agentId: true, voterName: true, variantId: true, reason: true, createdAt: true },
  },
} satisfies Prisma.DecisionSelect;

export async function listDecisions(db: Db, input: ListDecisionsInput) {
  const where: Prisma.DecisionWhereInput = {
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
    ...(input.runId === undefined ? {} : { runId: input.runId }),
    ...(input.conversationId === undefined ? {} : { conversationId: input.conversationId }),
  };
  const [items, total] = await Promise.all([
    db.decision.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: input.limit,
      skip: input.offset,
      select: decisionSelect,
    }),
    db.decision.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}

export async function getDecision(db: Db, decisionId: string) {
  const decision = await db.decision.findUnique({ where: { id: decisionId }, select: decisionSelect });
  if (!decision) throw notFound('decision', 'decisionId');
  return decision;
}
