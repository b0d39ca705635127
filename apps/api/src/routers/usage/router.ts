import { tokenSpendInput } from '@quarterdeck/contracts';
import { router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { tokenSpend } from './token-spend';

export const usageRouter = router({
  /** Tokens and cost per project (all time) and spend per minute / hour / day (llm_usage rows, simulated provider included). */
  tokenSpend: viewerProcedure.input(tokenSpendInput).query(async ({ ctx, input }) => toWire(await tokenSpend(ctx.db, input))),
});
