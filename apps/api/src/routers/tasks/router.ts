import {
  assignTaskInput,
  createTaskInput,
  listTasksInput,
  skipTaskInput,
  taskActionInput,
  taskIdInput,
  updateTaskInput,
} from '@quarterdeck/contracts';
import { assignTask, cancelTask, createTask, deleteTask, retryTask, skipTask, updateTask } from '@quarterdeck/engine';
import { taskPageOutput } from '../../openapi/output-schemas';
import { operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { getTask } from './get-task';
import { listTasks } from './list-tasks';

const actor = (ctx: { caller: { userId: string } }) => ({ userId: ctx.caller.userId });

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
  /** A hand-made task: scheduled and executed like a template task. */
  create: operatorProcedure
    .input(createTaskInput)
    .mutation(async ({ ctx, input }) => toWire(await getTask(ctx.db, (await createTask(ctx, input)).id))),
  /** Edits a task's own fields; status and agent change only through the actions below. */
  update: operatorProcedure
    .input(updateTaskInput)
    .mutation(async ({ ctx, input }) => toWire(await getTask(ctx.db, (await updateTask(ctx, input)).id))),
  delete: operatorProcedure.input(taskIdInput).mutation(async ({ ctx, input }) => deleteTask(ctx, input.taskId)),
  /** A person hands a task to a specific agent; a task another agent works on is reassigned. */
  assign: operatorProcedure
    .input(assignTaskInput)
    .mutation(async ({ ctx, input }) => toWire(await getTask(ctx.db, (await assignTask(ctx, input, actor(ctx))).id))),
  cancel: operatorProcedure
    .input(taskActionInput)
    .mutation(async ({ ctx, input }) => toWire(await getTask(ctx.db, (await cancelTask(ctx, input, actor(ctx))).id))),
  /** "Retry now": fresh attempts for a failed or cancelled task, or no more waiting out a backoff. */
  retry: operatorProcedure
    .input(taskActionInput)
    .mutation(async ({ ctx, input }) => toWire(await getTask(ctx.db, (await retryTask(ctx, input, actor(ctx))).id))),
  skip: operatorProcedure
    .input(skipTaskInput)
    .mutation(async ({ ctx, input }) => toWire(await getTask(ctx.db, (await skipTask(ctx, input, actor(ctx))).id))),
});
