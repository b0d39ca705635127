import { z } from 'zod';
import { ConversationPhase, ConversationStatus, MessageType } from '../enums';
import { entityId, requiredText, uniqueIdentifiers } from '../primitives';
import { paginationShape } from './pagination';
import { requireSomeChange } from './refinements';

// Persona discussions: a conversation with a goal, and its threaded messages.

const MAX_MESSAGE = 20_000;

export const createConversationInput = z.strictObject({
  goalDescription: requiredText(10_000),
  /** Derived from the goal when left out. */
  title: requiredText(200).optional(),
  projectId: entityId.optional(),
  /** Persona ids, e.g. "project_manager", "technical_architect"; the default panel when left out. */
  participants: uniqueIdentifiers(12).optional(),
});
export type CreateConversationInput = z.infer<typeof createConversationInput>;

/** Pause / resume / close a discussion, move it on a phase, or record its summary. */
export const updateConversationInput = z
  .strictObject({
    conversationId: entityId,
    title: requiredText(200).optional(),
    status: ConversationStatus.optional(),
    phase: ConversationPhase.optional(),
    finalSummary: requiredText(50_000).optional(),
  })
  .superRefine(requireSomeChange('conversationId'));
export type UpdateConversationInput = z.infer<typeof updateConversationInput>;

export const listConversationsInput = z.strictObject({
  projectId: entityId.optional(),
  status: ConversationStatus.optional(),
  ...paginationShape,
});
export type ListConversationsInput = z.infer<typeof listConversationsInput>;

/**
 * What a person may post. Votes, consensus, summaries and questions to the user are the
 * panel's own moves, so they are not offered here.
 */
export const userMessageType = MessageType.extract(['discussion', 'question', 'proposal', 'user_response']);

export const postMessageInput = z.strictObject({
  conversationId: entityId,
  content: requiredText(MAX_MESSAGE),
  /** Reply threading; answering an agent's question_to_user resumes a paused discussion. */
  parentMessageId: entityId.optional(),
  messageType: userMessageType.default('discussion'),
});
export type PostMessageInput = z.infer<typeof postMessageInput>;

export const editMessageInput = z.strictObject({
  messageId: entityId,
  content: requiredText(MAX_MESSAGE),
});
export type EditMessageInput = z.infer<typeof editMessageInput>;

export const listMessagesInput = z.strictObject({
  conversationId: entityId,
  messageType: MessageType.optional(),
  agentId: entityId.optional(),
  parentMessageId: entityId.optional(),
  /** Only agent questions still waiting for a person's answer. */
  awaitingUserResponse: z.boolean().optional(),
  ...paginationShape,
});
export type ListMessagesInput = z.infer<typeof listMessagesInput>;

export const conversationIdInput = z.strictObject({ conversationId: entityId });
export type ConversationIdInput = z.infer<typeof conversationIdInput>;
