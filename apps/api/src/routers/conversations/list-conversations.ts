import type { ListConversationsInput, ListMessagesInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';
import { notFound } from '../not-found';
import { conversationSelect, messageSelect } from './conversation-select';

export async function listConversations(db: Db, input: ListConversationsInput) {
  const where: Prisma.ConversationWhereInput = {
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
    ...(input.status === undefined ? {} : { status: input.status }),
  };
  const [items, total] = await Promise.all([
    db.conversation.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: input.limit,
      skip: input.offset,
      select: { ...conversationSelect, _count: { select: { messages: true } } },
    }),
    db.conversation.count({ where }),
  ]);
  return {
    items: items.map(({ _count, ...conversation }) => ({ ...conversation, messageCount: _count.messages })),
    total,
    limit: input.limit,
    offset: input.offset,
  };
}

const RECENT_MESSAGES = 100;

/** A conversation with its latest messages (older ones through messages.list) and its decisions. */
export async function getConversation(db: Db, conversationId: string) {
  const conversation = await db.conversation.findUnique({
    where: { id: conversationId },
    select: {
      ...conversationSelect,
      messages: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: RECENT_MESSAGES, select: messageSelect },
      decisions: { orderBy: { createdAt: 'asc' }, select: { id: true, problem: true, chosenVariantId: true, createdAt: true } },
      _count: { select: { messages: true } },
    },
  });
  if (!conversation) throw notFound('conversation', 'conversationId');
  const { _count, messages, ...rest } = conversation;
  return { ...rest, messageCount: _count.messages, messages: messages.reverse() };
}

export async function listMessages(db: Db, input: ListMessagesInput) {
  const conversation = await db.conversation.findUnique({ where: { id: input.conversationId }, select: { id: true } });
  if (!conversation) throw notFound('conversation', 'conversationId');
  const where: Prisma.MessageWhereInput = {
    conversationId: input.conversationId,
    ...(input.messageType === undefined ? {} : { messageType: input.messageType }),
    ...(input.agentId === undefined ? {} : { agentId: input.agentId }),
    ...(input.parentMessageId === undefined ? {} : { parentMessageId: input.parentMessageId }),
    ...(input.awaitingUserResponse === undefined
      ? {}
      : input.awaitingUserResponse
        ? { requiresUserResponse: true, answeredAt: null }
        : { NOT: { requiresUserResponse: true, answeredAt: null } }),
  };
  const [items, total] = await Promise.all([
    db.message.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: input.limit,
      skip: input.offset,
      select: messageSelect,
    }),
    db.message.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}

/** Agents' questions still waiting for a person, oldest first, optionally for one project. */
export async function pendingQuestions(db: Db, input: { projectId?: string | undefined; limit: number; offset: number }) {
  const where: Prisma.MessageWhereInput = {
    requiresUserResponse: true,
    answeredAt: null,
    ...(input.projectId === undefined ? {} : { conversation: { projectId: input.projectId } }),
  };
  const [items, total] = await Promise.all([
    db.message.findMany({
      where,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: input.limit,
      skip: input.offset,
      select: { ...messageSelect, conversation: { select: { title: true, projectId: true } } },
    }),
    db.message.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}

const MAX_THREAD_MESSAGES = 1_000;

/** A message and every reply under it, depth-first order by time, each with its depth. */
export async function messageThread(db: Db, messageId: string) {
  const root = await db.message.findUnique({ where: { id: messageId }, select: { id: true } });
  if (!root) throw notFound('message', 'messageId');
  const rows = await db.$queryRawUnsafe<Array<{ id: string; depth: number }>>(
    `WITH RECURSIVE thread AS (
       SELECT id, 0 AS depth, ARRAY[created_at::text || id::text] AS sort_path FROM messages WHERE id = $1::uuid
       UNION ALL
       SELECT m.id, t.depth + 1, t.sort_path || (m.created_at::text || m.id::text) FROM messages m JOIN thread t ON m.parent_message_id = t.id
       WHERE t.depth < 100
     )
     SELECT id::text AS id, depth FROM thread ORDER BY sort_path LIMIT ${MAX_THREAD_MESSAGES}`,
    messageId,
  );
  const messages = await db.message.findMany({ where: { id: { in: rows.map((row) => row.id) } }, select: messageSelect });
  const byId = new Map(messages.map((message) => [message.id, message]));
  return rows.flatMap((row) => {
    const message = byId.get(row.id);
    return message ? [{ ...message, depth: row.depth }] : [];
  });
}

/** One message (seed 002's GET /api/messages/{id}). */
export async function getMessage(db: Db, messageId: string) {
  const message = await db.message.findUnique({ where: { id: messageId }, select: messageSelect });
  if (!message) throw notFound('message', 'messageId');
  return message;
}
