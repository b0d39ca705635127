import {
  conversationIdInput,
  createConversationInput,
  editMessageInput,
  entityId,
  listConversationsInput,
  listMessagesInput,
  paginationShape,
  postMessageInput,
  updateConversationInput,
} from '@quarterdeck/contracts';
import { z } from 'zod';
import { operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { communicationStats } from './communication-stats';
import { createConversation, deleteConversation, editUserMessage, postUserMessage, updateConversation } from '@quarterdeck/engine';
import { getConversation, getMessage, listConversations, listMessages, messageThread, pendingQuestions } from './list-conversations';

const pendingQuestionsInput = z.strictObject({ projectId: entityId.optional(), ...paginationShape });
const messageIdInput = z.strictObject({ messageId: entityId });
const communicationStatsInput = z.strictObject({ projectId: entityId.optional(), conversationId: entityId.optional() });

export const conversationsRouter = router({
  create: operatorProcedure
    .input(createConversationInput)
    .mutation(async ({ ctx, input }) => toWire(await getConversation(ctx.db, (await createConversation(ctx, input)).id))),
  list: viewerProcedure.input(listConversationsInput).query(async ({ ctx, input }) => toWire(await listConversations(ctx.db, input))),
  get: viewerProcedure
    .input(conversationIdInput)
    .query(async ({ ctx, input }) => toWire(await getConversation(ctx.db, input.conversationId))),
  update: operatorProcedure
    .input(updateConversationInput)
    .mutation(async ({ ctx, input }) => toWire(await getConversation(ctx.db, (await updateConversation(ctx, input)).id))),
  delete: operatorProcedure.input(conversationIdInput).mutation(async ({ ctx, input }) => deleteConversation(ctx, input.conversationId)),
  messages: viewerProcedure.input(listMessagesInput).query(async ({ ctx, input }) => toWire(await listMessages(ctx.db, input))),
  postMessage: operatorProcedure
    .input(postMessageInput)
    .mutation(async ({ ctx, input }) => toWire(await getMessage(ctx.db, (await postUserMessage(ctx, ctx.caller.userId, input)).id))),
  editMessage: operatorProcedure
    .input(editMessageInput)
    .mutation(async ({ ctx, input }) => toWire(await getMessage(ctx.db, (await editUserMessage(ctx, ctx.caller.userId, input)).id))),
  pendingQuestions: viewerProcedure
    .input(pendingQuestionsInput)
    .query(async ({ ctx, input }) => toWire(await pendingQuestions(ctx.db, input))),
  thread: viewerProcedure.input(messageIdInput).query(async ({ ctx, input }) => toWire(await messageThread(ctx.db, input.messageId))),
  stats: viewerProcedure.input(communicationStatsInput).query(({ ctx, input }) => communicationStats(ctx.db, input)),
});
