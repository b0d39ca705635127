import { authRouter } from './auth/router';
import { agentsRouter } from './routers/agents/router';
import { artifactsRouter } from './routers/artifacts/router';
import { conversationsRouter } from './routers/conversations/router';
import { decisionsRouter } from './routers/decisions/router';
import { eventsRouter } from './routers/events/router';
import { hitlRouter } from './routers/hitl/router';
import { projectsRouter } from './routers/projects/router';
import { runsRouter } from './routers/runs/router';
import { searchRouter } from './routers/search/router';
import { sessionsRouter } from './routers/sessions/router';
import { systemRouter } from './routers/system/router';
import { tasksRouter } from './routers/tasks/router';
import { templatesRouter } from './routers/templates/router';
import { usageRouter } from './routers/usage/router';
import { router } from './trpc';

export const appRouter = router({
  auth: authRouter,
  system: systemRouter,
  projects: projectsRouter,
  runs: runsRouter,
  tasks: tasksRouter,
  agents: agentsRouter,
  sessions: sessionsRouter,
  artifacts: artifactsRouter,
  hitl: hitlRouter,
  conversations: conversationsRouter,
  decisions: decisionsRouter,
  events: eventsRouter,
  templates: templatesRouter,
  usage: usageRouter,
  search: searchRouter,
});

/** The only thing the web app imports from the API: the router's type. */
export type AppRouter = typeof appRouter;
