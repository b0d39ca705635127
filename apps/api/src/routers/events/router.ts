import { queryEventsInput, subscribeEventsInput } from '@quarterdeck/contracts';
import { tracked } from '@trpc/server';
import { streamEvents } from '../../events/stream-events';
import { router, viewerProcedure } from '../../trpc';
import { queryEvents } from './query-events';

export const eventsRouter = router({
  query: viewerProcedure.input(queryEventsInput).query(({ ctx, input }) => queryEvents(ctx.db, input)),
  /**
   * Live events by channel and scope, each tracked with its log id: a client that reconnects
   * (tRPC sends the last id as `lastEventId`) gets exactly what it missed, from any API process.
   */
  subscribe: viewerProcedure.input(subscribeEventsInput).subscription(async function* ({ ctx, input, signal }) {
    for await (const event of streamEvents(ctx, input, signal)) yield tracked(event.id, event);
  }),
});
