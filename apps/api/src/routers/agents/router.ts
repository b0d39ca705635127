import {
  agentIdInput,
  assignAgentInput,
  createAgentInput,
  listAgentsInput,
  paginationShape,
  resetAgentInput,
  updateAgentInput,
} from '@quarterdeck/contracts';
import { agentPageOutput } from '../../openapi/output-schemas';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { assignAgentToProject } from './assign-agent';
import { createAgent } from './create-agent';
import { deleteAgent } from './delete-agent';
import { agentStatus, agentStatusBoard, agentStatusHistory, getAgent, listAgents } from './list-agents';
import { resetAgent } from './reset-agent';
import { updateAgent } from './update-agent';

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
  create: operatorProcedure.input(createAgentInput).mutation(async ({ ctx, input }) => toWire(await createAgent(ctx, input))),
  update: operatorProcedure.input(updateAgentInput).mutation(async ({ ctx, input }) => toWire(await updateAgent(ctx.db, input))),
  delete: operatorProcedure.input(agentIdInput).mutation(async ({ ctx, input }) => deleteAgent(ctx.db, input.agentId)),
  /** The agent templates an agent can be made from. */
  templates: viewerProcedure.query(({ ctx }) => ctx.catalog.agentTemplates),
  assignToProject: operatorProcedure
    .input(assignAgentInput)
    .mutation(async ({ ctx, input }) => toWire(await assignAgentToProject(ctx.db, input))),
  statusBoard: viewerProcedure.query(async ({ ctx }) => toWire(await agentStatusBoard(ctx.db))),
  status: viewerProcedure.input(agentIdInput).query(async ({ ctx, input }) => toWire(await agentStatus(ctx.db, input.agentId))),
  statusHistory: viewerProcedure.input(statusHistoryInput).query(async ({ ctx, input }) => toWire(await agentStatusHistory(ctx.db, input))),
  reset: adminProcedure
    .input(resetAgentInput)
    .mutation(async ({ ctx, input }) => toWire(await resetAgent(ctx.db, input, ctx.caller.userId))),
});
