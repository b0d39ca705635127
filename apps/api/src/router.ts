import { healthRouter } from './health/router';
import { router } from './trpc';

export const appRouter = router({
  health: healthRouter,
});

/** The only thing the web app imports from the API: the router's type. */
export type AppRouter = typeof appRouter;
