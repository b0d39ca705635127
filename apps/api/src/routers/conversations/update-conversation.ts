import type { EventType, NewEvent, UpdateConversationInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvents } from '../../events/record-event';
import { notFound } from '../not-found';
import { conversationSelect } from './conversation-select';
import { enqueueDiscussionTurn } from './create-conversation';

/** Rename, pause / resume / close, move the phase on, or record the summary; resuming queues the next turn. */
export async function updateConversation(db: Db, input: UpdateConversationInput) {
  const { conversationId, ...fields } = input;
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return db.$transaction(async (tx) => {
    const existing = await tx.conversation.findUnique({
      where: { id: conversationId },
      select: { projectId: true, phase: true, status: true },
    });
    if (!existing) throw notFound('conversation', 'conversationId');
    const conversation = await tx.conversation.update({ where: { id: conversationId }, data: changes, select: conversationSelect });
    const scope = existing.projectId ? { projectId: existing.projectId } : {};
    const events: NewEvent<EventType>[] = [];
    if (input.phase !== undefined && input.phase !== existing.phase) {
      events.push({ type: 'conversation.phase_changed', ...scope, payload: { conversationId, from: existing.phase, to: input.phase } });
    }
    if (input.status !== undefined && input.status !== existing.status) {
      events.push({
        type: 'conversation.status_changed',
        ...scope,
        payload: { conversationId, from: existing.status, to: input.status, reason: 'changed by a person' },
      });
      if (input.status === 'active') await enqueueDiscussionTurn(tx, conversationId);
    }
    await recordEvents(tx, events);
    return conversation;
  });
}

export async function deleteConversation(db: Db, conversationId: string) {
  const deleted = await db.conversation.deleteMany({ where: { id: conversationId } });
  if (deleted.count === 0) throw notFound('conversation', 'conversationId');
  return { id: conversationId, deleted: true as const };
}
