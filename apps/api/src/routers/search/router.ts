import { router, viewerProcedure } from '../../trpc';
import { search } from './search';
import { searchMessages } from './search-messages';
import { messageSearchInput, messageSearchOutput, searchInput, searchOutput } from './search.types';

// Reading only, so any token may search; results carry only what the read procedures
// (projects.get, tasks.get, artifacts.get, decisions.get, hitl.get, conversations.messages)
// already show a viewer.
export const searchRouter = router({
  query: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/search',
        tags: ['search'],
        summary:
          'Full-text search over projects, tasks, artifacts, decisions, HITL requests and messages, ranked, with snippets and counts per kind and project',
      },
    })
    .input(searchInput)
    .output(searchOutput)
    .query(({ ctx, input }) => search(ctx.db, input)),
  messages: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/messages/search',
        tags: ['search'],
        summary: 'Full-text search over conversation messages (filter by conversation, its status, agent, date)',
      },
    })
    .input(messageSearchInput)
    .output(messageSearchOutput)
    .query(({ ctx, input }) => searchMessages(ctx.db, input)),
});
