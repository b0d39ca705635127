import { decisionIdInput, listDecisionsInput, recordDecisionInput } from '@quarterdeck/contracts';
import { operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { recordDecision } from '@quarterdeck/engine';
import { getDecision, listDecisions } from './decisions';

export const decisionsRouter = router({
  /** Per conversation, run or project. */
  list: viewerProcedure.input(listDecisionsInput).query(async ({ ctx, input }) => toWire(await listDecisions(ctx.db, input))),
  get: viewerProcedure.input(decisionIdInput).query(async ({ ctx, input }) => toWire(await getDecision(ctx.db, input.decisionId))),
  record: operatorProcedure
    .input(recordDecisionInput)
    .mutation(async ({ ctx, input }) => toWire(await getDecision(ctx.db, (await recordDecision(ctx, input)).id))),
});
