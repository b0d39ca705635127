import { assignTaskInput, createTaskInput, listTasksInput, taskIdInput, updateTaskInput } from '@quarterdeck/contracts';
import { assignTask } from '@quarterdeck/worker/domain';
import { taskPageOutput } from '../../openapi/output-schemas';
import { operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { createTask } from './create-task';
import { deleteTask } from './delete-task';
import { getTask } from './get-task';
import { listTasks } from './list-tasks';
import { updateTask } from './update-task';

export const tasksRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/tasks',
        tags: ['tasks'],
        summary: 'List tasks filtered by project, run, status, priority, wave, lane or agent',
      },
    })
    .input(listTasksInput)
    .output(taskPageOutput)
    .query(async ({ ctx, input }) => toWire(await listTasks(ctx.db, input))),
  get: viewerProcedure.input(taskIdInput).query(async ({ ctx, input }) => toWire(await getTask(ctx.db, input.taskId))),
  create: operatorProcedure.input(createTaskInput).mutation(async ({ ctx, input }) => toWire(await createTask(ctx.db, input))),
  update: operatorProcedure.input(updateTaskInput).mutation(async ({ ctx, input }) => toWire(await updateTask(ctx.db, input))),
  delete: operatorProcedure.input(taskIdInput).mutation(async ({ ctx, input }) => deleteTask(ctx.db, input.taskId)),
  /** A person hands a task to a specific agent (the orchestrator's rules on role and availability still apply). */
  assign: operatorProcedure
    .input(assignTaskInput)
    .mutation(async ({ ctx, input }) => toWire(await assignTask(ctx, input, { userId: ctx.caller.userId }))),
});
