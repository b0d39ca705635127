import { AppError, dissentOf, type ListDecisionsInput, type RecordDecisionInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
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

/** Records a decision with its votes; dissent is derived from the votes that went another way. */
export async function recordDecision(db: Db, input: RecordDecisionInput) {
  return db.$transaction(async (tx) => {
    const conversation = input.conversationId
      ? await tx.conversation.findUnique({ where: { id: input.conversationId }, select: { projectId: true, runId: true } })
      : null;
    if (input.conversationId && !conversation)
      throw new AppError('BAD_REQUEST', 'conversationId does not name an existing conversation.', { field: 'conversationId' });
    const projectId = input.projectId ?? conversation?.projectId ?? null;
    const runId = input.runId ?? conversation?.runId ?? null;
    if (projectId && !(await tx.project.findUnique({ where: { id: projectId }, select: { id: true } }))) {
      throw new AppError('BAD_REQUEST', 'projectId does not name an existing project.', { field: 'projectId' });
    }
    if (runId && !(await tx.workflowRun.findUnique({ where: { id: runId }, select: { id: true } }))) {
      throw new AppError('BAD_REQUEST', 'runId does not name an existing run.', { field: 'runId' });
    }
    const dissent = dissentOf(input.votes, input.chosenVariantId);
    const decision = await tx.decision.create({
      data: {
        projectId,
        runId,
        conversationId: input.conversationId ?? null,
        problem: input.problem,
        description: input.description ?? null,
        variants: input.variants,
        chosenVariantId: input.chosenVariantId ?? null,
        justification: input.justification ?? null,
        dissent,
        votes: {
          create: input.votes.map((vote) => ({
            voterName: vote.voterName,
            agentId: vote.agentId ?? null,
            variantId: vote.variantId,
            reason: vote.reason,
          })),
        },
      },
      select: decisionSelect,
    });
    await recordEvent(tx, {
      type: 'decision.recorded',
      ...(projectId ? { projectId } : {}),
      ...(runId ? { runId } : {}),
      payload: {
        decisionId: decision.id,
        conversationId: decision.conversationId,
        problem: decision.problem,
        chosenVariantId: decision.chosenVariantId,
        voteCount: input.votes.length,
        dissentCount: dissent.length,
      },
    });
    return decision;
  });
}
