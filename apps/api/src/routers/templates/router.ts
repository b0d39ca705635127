import { renderTemplateInput, teamIdInput, templateIdInput, validateTeamInput, workflowIdInput } from '@quarterdeck/contracts';
import { router, viewerProcedure } from '../../trpc';
import { getAgentTemplate, getTeam, getWorkflow, renderCatalogTemplate, validateTeam } from './template-catalog';

export const templatesRouter = router({
  listWorkflows: viewerProcedure.query(({ ctx }) => ctx.catalog.listWorkflows()),
  getWorkflow: viewerProcedure.input(workflowIdInput).query(({ ctx, input }) => getWorkflow(ctx.catalog, input.workflowId)),
  listTeams: viewerProcedure.query(({ ctx }) => ctx.catalog.listTeams()),
  getTeam: viewerProcedure.input(teamIdInput).query(({ ctx, input }) => getTeam(ctx.catalog, input.teamId)),
  listAgentTemplates: viewerProcedure.query(({ ctx }) => ctx.catalog.listAgentTemplates()),
  getAgentTemplate: viewerProcedure.input(templateIdInput).query(({ ctx, input }) => getAgentTemplate(ctx.catalog, input.templateId)),
  /** Render a workflow's steps or an agent template's prompt with variables (a preview: nothing is stored). */
  render: viewerProcedure.input(renderTemplateInput).query(({ ctx, input }) => renderCatalogTemplate(ctx.catalog, input)),
  validateTeam: viewerProcedure.input(validateTeamInput).query(({ ctx, input }) => validateTeam(ctx.catalog, input)),
});
