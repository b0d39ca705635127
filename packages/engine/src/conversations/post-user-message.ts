import type { z } from 'zod';
import { AppError, editMessageInput, postMessageInput } from '@quarterdeck/contracts';
import type { Message } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { lockConversation } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

/**
 * A person speaks in a discussion. Replying to an agent's question_to_user answers it; when
 * that was the last open question of a paused discussion, the discussion is active again.
 * The message row is written first and its event last, in one transaction.
 */
export async function postUserMessage(deps: DomainDeps, userId: string, input: z.input<typeof postMessageInput>): Promise<Message> {
  const parsed = parseInput(postMessageInput, input);
  return inTransaction(deps.db, async ({ tx, emit }) => {
    if (!(await lockConversation(tx, parsed.conversationId))) {
      throw new AppError('NOT_FOUND', 'There is no such conversation', { field: 'conversationId' });
    }
    const conversation = await tx.conversation.findUniqueOrThrow({
      where: { id: parsed.conversationId },
      select: { id: true, projectId: true, status: true },
    });
    if (conversation.status === 'completed') {
      throw new AppError('PRECONDITION_FAILED', 'This discussion is completed; start a new one.', { field: 'conversationId' });
    }
    const parent = parsed.parentMessageId
      ? await tx.message.findFirst({
          where: { id: parsed.parentMessageId, conversationId: conversation.id },
          select: { id: true, requiresUserResponse: true, answeredAt: true },
        })
      : null;
    if (parsed.parentMessageId && !parent) {
      throw new AppError('BAD_REQUEST', 'parentMessageId does not name a message of this conversation.', { field: 'parentMessageId' });
    }
    const scope = conversation.projectId ? { projectId: conversation.projectId } : {};
    const answersQuestion = parent !== null && parent.requiresUserResponse && parent.answeredAt === null;
    const message = await tx.message.create({
      data: {
        conversationId: conversation.id,
        parentMessageId: parent?.id ?? null,
        senderType: 'user',
        senderId: userId,
        userId,
        messageType: answersQuestion ? 'user_response' : parsed.messageType,
        content: parsed.content,
      },
    });
    emit({
      type: 'message.created',
      ...scope,
      payload: {
        conversationId: conversation.id,
        messageId: message.id,
        parentMessageId: message.parentMessageId,
        senderType: 'user',
        senderId: userId,
        messageType: message.messageType,
        content: message.content,
        requiresUserResponse: false,
      },
    });
    if (answersQuestion && parent) {
      await tx.message.update({ where: { id: parent.id }, data: { answeredAt: new Date() }, select: { id: true } });
      const stillOpen = await tx.message.count({
        where: { conversationId: conversation.id, requiresUserResponse: true, answeredAt: null },
      });
      if (stillOpen === 0 && conversation.status === 'paused') {
        await tx.conversation.update({ where: { id: conversation.id }, data: { status: 'active' }, select: { id: true } });
        emit({
          type: 'conversation.status_changed',
          ...scope,
          payload: { conversationId: conversation.id, from: 'paused', to: 'active', reason: 'the person answered' },
        });
      }
    }
    return message;
  });
}

/** People may correct their own messages; agents' messages are the record and stay as written. */
export async function editUserMessage(deps: DomainDeps, userId: string, input: z.input<typeof editMessageInput>): Promise<Message> {
  const parsed = parseInput(editMessageInput, input);
  return inTransaction(deps.db, async ({ tx, emit }) => {
    const message = await tx.message.findUnique({
      where: { id: parsed.messageId },
      select: { id: true, userId: true, senderType: true, conversationId: true, conversation: { select: { projectId: true } } },
    });
    if (!message) throw new AppError('NOT_FOUND', 'There is no such message', { field: 'messageId' });
    if (message.senderType !== 'user' || message.userId !== userId) {
      throw new AppError('FORBIDDEN', 'Only the person who wrote a message may edit it.', { field: 'messageId' });
    }
    const edited = await tx.message.update({ where: { id: message.id }, data: { content: parsed.content, editedAt: new Date() } });
    emit({
      type: 'message.edited',
      ...(message.conversation.projectId ? { projectId: message.conversation.projectId } : {}),
      payload: { conversationId: message.conversationId, messageId: message.id, content: parsed.content },
    });
    return edited;
  });
}
