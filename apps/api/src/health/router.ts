import { publicProcedure, router } from '../trpc';
import { checkHealth } from './check-health';

export const healthRouter = router({
  check: publicProcedure.query(({ ctx }) => checkHealth(ctx.db)),
});
