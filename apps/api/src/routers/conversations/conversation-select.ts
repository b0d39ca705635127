import type { Prisma } from '@quarterdeck/db';

export const conversationSelect = {
  id: true,
  projectId: true,
  runId: true,
  taskId: true,
  title: true,
  goalDescription: true,
  phase: true,
  status: true,
  participants: true,
  finalSummary: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ConversationSelect;

export const messageSelect = {
  id: true,
  conversationId: true,
  parentMessageId: true,
  senderType: true,
  senderId: true,
  agentId: true,
  userId: true,
  messageType: true,
  content: true,
  requiresUserResponse: true,
  answeredAt: true,
  metadata: true,
  editedAt: true,
  createdAt: true,
} satisfies Prisma.MessageSelect;
