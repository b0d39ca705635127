import type { Db, Prisma } from '@quarterdeck/db';

/** Message counts by type, sender and agent, decisions and open questions, for a project, a conversation or everything. */
export async function communicationStats(db: Db, input: { projectId?: string | undefined; conversationId?: string | undefined }) {
  const where: Prisma.MessageWhereInput = {
    ...(input.conversationId === undefined ? {} : { conversationId: input.conversationId }),
    ...(input.projectId === undefined ? {} : { conversation: { projectId: input.projectId } }),
  };
  const decisionWhere: Prisma.DecisionWhereInput = {
    ...(input.conversationId === undefined ? {} : { conversationId: input.conversationId }),
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
  };
  const conversationWhere: Prisma.ConversationWhereInput = {
    ...(input.conversationId === undefined ? {} : { id: input.conversationId }),
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
  };
  const [byType, bySender, byAgent, total, pendingQuestions, decisions, conversations] = await Promise.all([
    db.message.groupBy({ by: ['messageType'], where, _count: { _all: true } }),
    db.message.groupBy({ by: ['senderType'], where, _count: { _all: true } }),
    db.message.groupBy({ by: ['agentId'], where: { ...where, agentId: { not: null } }, _count: { _all: true } }),
    db.message.count({ where }),
    db.message.count({ where: { ...where, requiresUserResponse: true, answeredAt: null } }),
    db.decision.count({ where: decisionWhere }),
    db.conversation.count({ where: conversationWhere }),
  ]);
  return {
    totalMessages: total,
    conversations,
    decisions,
    pendingQuestions,
    byMessageType: Object.fromEntries(byType.map((row) => [row.messageType, row._count._all])),
    bySenderType: Object.fromEntries(bySender.map((row) => [row.senderType, row._count._all])),
    byAgent: byAgent.map((row) => ({ agentId: row.agentId, messages: row._count._all })),
  };
}
