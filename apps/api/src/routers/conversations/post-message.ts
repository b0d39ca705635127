import { AppError, type EditMessageInput, type PostMessageInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import type { Caller } from '../../context';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';
import { messageSelect } from './conversation-select';
import { enqueueDiscussionTurn } from './create-conversation';

/**
 * A person speaks in a discussion. Replying to an agent's question_to_user answers it; when
 * that was the last open question of a paused discussion, the discussion resumes and its next
 * turn is queued, all in one transaction.
 */
export async function postUserMessage(db: Db, caller: Caller, input: PostMessageInput) {
  return db.$transaction(async (tx) => {
    const conversation = await tx.conversation.findUnique({
      where: { id: input.conversationId },
      select: { id: true, projectId: true, status: true },
    });
    if (!conversation) throw notFound('conversation', 'conversationId');
    if (conversation.status === 'completed')
      throw new AppError('PRECONDITION_FAILED', 'This discussion is completed; start a new one.', { field: 'conversationId' });
    const parent = input.parentMessageId
      ? await tx.message.findFirst({
          where: { id: input.parentMessageId, conversationId: conversation.id },
          select: { id: true, requiresUserResponse: true, answeredAt: true },
        })
      : null;
    if (input.parentMessageId && !parent)
      throw new AppError('BAD_REQUEST', 'parentMessageId does not name a message of this conversation.', { field: 'parentMessageId' });

    const answersQuestion = parent !== null && parent.requiresUserResponse && parent.answeredAt === null;
    const message = await tx.message.create({
      data: {
        conversationId: conversation.id,
        parentMessageId: parent?.id ?? null,
        senderType: 'user',
        senderId: caller.userId,
        userId: caller.userId,
        messageType: answersQuestion ? 'user_response' : input.messageType,
        content: input.content,
      },
      select: messageSelect,
    });
    await recordEvent(tx, {
      type: 'message.created',
      ...(conversation.projectId ? { projectId: conversation.projectId } : {}),
      payload: {
        conversationId: conversation.id,
        messageId: message.id,
        parentMessageId: message.parentMessageId,
        senderType: 'user',
        senderId: caller.userId,
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
        await recordEvent(tx, {
          type: 'conversation.status_changed',
          ...(conversation.projectId ? { projectId: conversation.projectId } : {}),
          payload: { conversationId: conversation.id, from: 'paused', to: 'active', reason: 'the person answered' },
        });
      }
    }
    if (conversation.status === 'active' || answersQuestion) await enqueueDiscussionTurn(tx, conversation.id);
    return message;
  });
}

/** People may correct their own messages; agents' messages are the record and stay as written. */
export async function editUserMessage(db: Db, caller: Caller, input: EditMessageInput) {
  return db.$transaction(async (tx) => {
    const message = await tx.message.findUnique({
      where: { id: input.messageId },
      select: { id: true, userId: true, senderType: true, conversationId: true, conversation: { select: { projectId: true } } },
    });
    if (!message) throw notFound('message', 'messageId');
    if (message.senderType !== 'user' || message.userId !== caller.userId) {
      throw new AppError('FORBIDDEN', 'Only the person who wrote a message may edit it.', { field: 'messageId' });
    }
    const edited = await tx.message.update({
      where: { id: message.id },
      data: { content: input.content, editedAt: new Date() },
      select: messageSelect,
    });
    await recordEvent(tx, {
      type: 'message.edited',
      ...(message.conversation.projectId ? { projectId: message.conversation.projectId } : {}),
      payload: { conversationId: message.conversationId, messageId: message.id, content: input.content },
    });
    return edited;
  });
}
