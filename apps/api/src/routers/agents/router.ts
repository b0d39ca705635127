import {
  agentIdInput,
  assignAgentInput,
  createAgentInput,
  listAgentsInput,
  paginationShape,
  resetAgentInput,
  updateAgentInput,
} from '@quarterdeck/contracts';
import { assignAgentToProject, createAgent, deleteAgent, resetAgent, updateAgent } from '@quarterdeck/engine';
import { agentPageOutput } from '../../openapi/output-schemas';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { agentStatus, agentStatusBoard, agentStatusHistory, getAgent, listAgents } from './list-agents';

const statusHistoryInput = agentIdInput.extend(paginationShape);

export const agentsRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/agents',
        tags: ['agents'],
        summary: 'List agents filtered by role, status, runtime or project',
      },
    })
    .input(listAgentsInput)
    .output(agentPageOutput)
    .query(async ({ ctx, input }) => toWire(await listAgents(ctx.db, input))),
  get: viewerProcedure.input(agentIdInput).query(async ({ ctx, input }) => toWire(await getAgent(ctx.db, input.agentId))),
  create: operatorProcedure
    .input(createAgentInput)
    .mutation(async ({ ctx, input }) => toWire(await getAgent(ctx.db, (await createAgent(ctx, input)).id))),
  update: operatorProcedure
    .input(updateAgentInput)
    .mutation(async ({ ctx, input }) => toWire(await getAgent(ctx.db, (await updateAgent(ctx, input)).id))),
  delete: operatorProcedure.input(agentIdInput).mutation(async ({ ctx, input }) => deleteAgent(ctx, input.agentId)),
  /** The agent templates an agent can be made from. */
  templates: viewerProcedure.query(({ ctx }) => ctx.catalog.agentTemplates),
  assignToProject: operatorProcedure
    .input(assignAgentInput)
    .mutation(async ({ ctx, input }) => toWire(await getAgent(ctx.db, (await assignAgentToProject(ctx, input)).id))),
  statusBoard: viewerProcedure.query(async ({ ctx }) => toWire(await agentStatusBoard(ctx.db))),
  status: viewerProcedure.input(agentIdInput).query(async ({ ctx, input }) => toWire(await agentStatus(ctx.db, input.agentId))),
  statusHistory: viewerProcedure.input(statusHistoryInput).query(async ({ ctx, input }) => toWire(await agentStatusHistory(ctx.db, input))),
  reset: adminProcedure
    .input(resetAgentInput)
    .mutation(async ({ ctx, input }) => toWire(await getAgent(ctx.db, (await resetAgent(ctx, input, { userId: ctx.caller.userId })).id))),
});
