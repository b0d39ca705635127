import { queryEventsInput, subscribeEventsInput } from '@quarterdeck/contracts';
import { LiveSubscription } from '../../events/live-subscription';
import { router, viewerProcedure } from '../../trpc';
import { queryEvents } from './query-events';

export const eventsRouter = router({
  query: viewerProcedure.input(queryEventsInput).query(({ ctx, input }) => queryEvents(ctx.db, input)),
  /**
   * Live events by channel and scope, each tracked with its log id: a client that reconnects
   * (tRPC sends the last id as `lastEventId`) gets exactly what it missed, from any API process.
   * The WebSocket and SSE transports (src/live/) deliver what this returns straight from the
   * process's fan-out; any other caller iterates it.
   */
  subscribe: viewerProcedure
    .input(subscribeEventsInput)
    .subscription(
      ({ ctx, input, signal }) => new LiveSubscription({ db: ctx.db, fanout: ctx.fanout, logger: ctx.logger }, input, ctx.auth, signal),
    ),
});
