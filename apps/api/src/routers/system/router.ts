import { checkHealth } from '../../health/check-health';
import { healthOutput } from '../../openapi/output-schemas';
import { publicProcedure, router, viewerProcedure } from '../../trpc';

export const systemRouter = router({
  /** The same report as GET /healthz; public so load balancers and people without a token can read it. */
  health: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/healthz',
        tags: ['system'],
        protect: false,
        summary: 'Database, queue and worker health (503 when down)',
      },
    })
    .output(healthOutput)
    .query(({ ctx }) => checkHealth(ctx.db)),
  /** Health plus what this API process itself is doing. */
  status: viewerProcedure.query(async ({ ctx }) => ({
    health: await checkHealth(ctx.db),
    api: {
      pid: process.pid,
      nodeVersion: process.version,
      eventRelay: {
        connected: ctx.relay.connected,
        lastDeliveredEventId: ctx.relay.lastDeliveredId.toString(),
        subscribers: ctx.fanout.subscriberCount,
      },
      memoryRssBytes: process.memoryUsage().rss,
    },
  })),
});
