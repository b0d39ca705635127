import { createProjectInput, listProjectsInput, projectIdInput, updateProjectInput } from '@quarterdeck/contracts';
import {
  cancelProject,
  checkProjectCompletion,
  createProjectFromIdea,
  forceCompleteProject,
  pauseProject,
  projectCompletion,
  resumeProject,
  deleteProject,
  updateProjectFields,
} from '@quarterdeck/engine';
import { projectCompletionOutput, projectCreatedOutput, projectDetailOutput, projectPageOutput } from '../../openapi/output-schemas';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { getProject } from './get-project';
import { listProjects } from './list-projects';

const changeStatus = { active: resumeProject, paused: pauseProject, cancelled: cancelProject } as const;

export const projectsRouter = router({
  /** An idea becomes a project and (unless startRun is false) a run of its workflow template. */
  create: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/api/v1/projects',
        tags: ['projects'],
        summary: 'Create a project (and its run) from a product idea',
      },
    })
    .input(createProjectInput)
    .output(projectCreatedOutput)
    .mutation(async ({ ctx, input }) => toWire(await createProjectFromIdea(ctx, input, { userId: ctx.caller.userId }))),
  list: viewerProcedure
    .meta({ openapi: { method: 'GET', path: '/api/v1/projects', tags: ['projects'], summary: 'List projects, newest first' } })
    .input(listProjectsInput)
    .output(projectPageOutput)
    .query(async ({ ctx, input }) => toWire(await listProjects(ctx.db, input))),
  get: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/projects/{projectId}',
        tags: ['projects'],
        summary: 'A project with its runs, tasks and artifacts',
      },
    })
    .input(projectIdInput)
    .output(projectDetailOutput)
    .query(async ({ ctx, input }) => toWire(await getProject(ctx.db, input.projectId))),
  /** Field edits; a status change is a pause / resume / cancel, which also moves the project's runs. */
  update: operatorProcedure.input(updateProjectInput).mutation(async ({ ctx, input }) => {
    const { status, ...fields } = input;
    const hasFieldChanges = Object.entries(fields).some(([key, value]) => key !== 'projectId' && value !== undefined);
    if (hasFieldChanges) await updateProjectFields(ctx, fields);
    if (status !== undefined) await changeStatus[status](ctx, input.projectId, { userId: ctx.caller.userId });
    return toWire(await getProject(ctx.db, input.projectId));
  }),
  delete: operatorProcedure
    .input(projectIdInput)
    .mutation(async ({ ctx, input }) => deleteProject(ctx, input.projectId, { userId: ctx.caller.userId })),
  pause: operatorProcedure
    .input(projectIdInput)
    .mutation(async ({ ctx, input }) => toWire(await pauseProject(ctx, input.projectId, { userId: ctx.caller.userId }))),
  resume: operatorProcedure
    .input(projectIdInput)
    .mutation(async ({ ctx, input }) => toWire(await resumeProject(ctx, input.projectId, { userId: ctx.caller.userId }))),
  cancel: operatorProcedure
    .input(projectIdInput)
    .mutation(async ({ ctx, input }) => toWire(await cancelProject(ctx, input.projectId, { userId: ctx.caller.userId }))),
  completion: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/projects/{projectId}/completion',
        tags: ['projects'],
        summary: 'Completion percentage, task totals, artifacts available',
      },
    })
    .input(projectIdInput)
    .output(projectCompletionOutput)
    .query(async ({ ctx, input }) => ({ ...(await projectCompletion(ctx, input.projectId)) })),
  checkCompletion: viewerProcedure.input(projectIdInput).query(({ ctx, input }) => checkProjectCompletion(ctx, input.projectId)),
  /** Marks a project completed whatever its tasks say (stops its runs): administrators only. */
  forceComplete: adminProcedure
    .input(projectIdInput)
    .mutation(async ({ ctx, input }) => toWire(await forceCompleteProject(ctx, input.projectId, { userId: ctx.caller.userId }))),
});
