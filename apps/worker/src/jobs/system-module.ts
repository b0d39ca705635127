import { publishEvent } from '@quarterdeck/engine';
import type { JobModule } from './job-module';

/**
 * A recurring job (every minute) that proves the queue runs jobs end to end: /healthz
 * reports the queue healthy only while these keep arriving.
 */
export const systemJobs: JobModule = {
  name: 'system',
  handlers: ({ db, workerId }) => ({
    system_heartbeat: async () => {
      await publishEvent(db, { type: 'system.heartbeat', severity: 'debug', payload: { workerId } });
    },
  }),
  // Beat once at start rather than at the next whole minute, so /healthz is green right away.
  startJobs: [{ identifier: 'system_heartbeat', payload: {}, jobKey: 'system_heartbeat' }],
};
