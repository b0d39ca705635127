import { listRunsInput, runActionInput, runIdInput, startRunInput } from '@quarterdeck/contracts';
import { cancelRun, pauseRun, resumeRun, startRun } from '@quarterdeck/engine';
import { operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { getRun } from './get-run';
import { listRuns } from './list-runs';

export const runsRouter = router({
  list: viewerProcedure.input(listRunsInput).query(async ({ ctx, input }) => toWire(await listRuns(ctx.db, input))),
  /** A run with its waves and each wave's task counts. */
  get: viewerProcedure.input(runIdInput).query(async ({ ctx, input }) => toWire(await getRun(ctx.db, input.runId))),
  start: operatorProcedure
    .input(startRunInput)
    .mutation(async ({ ctx, input }) => toWire(await startRun(ctx, input, { userId: ctx.caller.userId }))),
  pause: operatorProcedure
    .input(runActionInput)
    .mutation(async ({ ctx, input }) => toWire(await pauseRun(ctx, input, { userId: ctx.caller.userId }))),
  resume: operatorProcedure
    .input(runActionInput)
    .mutation(async ({ ctx, input }) => toWire(await resumeRun(ctx, input, { userId: ctx.caller.userId }))),
  cancel: operatorProcedure
    .input(runActionInput)
    .mutation(async ({ ctx, input }) => toWire(await cancelRun(ctx, input, { userId: ctx.caller.userId }))),
});
