import { appendEvent, type Db } from '@quarterdeck/db';

/**
 * A recurring job (graphile-worker crontab, every minute) that proves the queue runs jobs end
 * to end: /healthz reports the queue healthy only while these keep arriving.
 */
export function systemHeartbeatJob(db: Db, workerId: string) {
  return async () => {
    await appendEvent(db, { type: 'system.heartbeat', severity: 'debug', payload: { workerId } });
  };
}
