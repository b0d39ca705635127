import type { z } from 'zod';
import { AppError, updateConversationInput } from '@quarterdeck/contracts';
import type { Conversation } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { lockConversation } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

/** Rename, pause / resume / close, move the phase on, or record the summary. */
export async function updateConversation(deps: DomainDeps, input: z.input<typeof updateConversationInput>): Promise<Conversation> {
  const { conversationId, ...fields } = parseInput(updateConversationInput, input);
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return inTransaction(deps.db, async ({ tx, emit }) => {
    if (!(await lockConversation(tx, conversationId)))
      throw new AppError('NOT_FOUND', 'There is no such conversation', { field: 'conversationId' });
    const existing = await tx.conversation.findUniqueOrThrow({
      where: { id: conversationId },
      select: { projectId: true, phase: true, status: true },
    });
    const conversation = await tx.conversation.update({ where: { id: conversationId }, data: changes });
    const scope = existing.projectId ? { projectId: existing.projectId } : {};
    if (fields.phase !== undefined && fields.phase !== existing.phase) {
      emit({ type: 'conversation.phase_changed', ...scope, payload: { conversationId, from: existing.phase, to: fields.phase } });
    }
    if (fields.status !== undefined && fields.status !== existing.status) {
      emit({
        type: 'conversation.status_changed',
        ...scope,
        payload: { conversationId, from: existing.status, to: fields.status, reason: 'changed by a person' },
      });
    }
    return conversation;
  });
}

export async function deleteConversation(deps: DomainDeps, conversationId: string): Promise<{ id: string; deleted: true }> {
  return inTransaction(deps.db, async ({ tx }) => {
    const deleted = await tx.conversation.deleteMany({ where: { id: conversationId } });
    if (deleted.count === 0) throw new AppError('NOT_FOUND', 'There is no such conversation', { field: 'conversationId' });
    return { id: conversationId, deleted: true as const };
  });
}
