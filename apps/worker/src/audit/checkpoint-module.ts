import { loadAuditKey, writeEventCheckpoint, type AuditKeyConfig } from '@quarterdeck/db';
import type { JobModule } from '../jobs/job-module';

/**
 * The event log's signed checkpoints: a recurring job signs the chain head with the audit key
 * (from QUARTERDECK_AUDIT_KEY, or the data folder's `audit.key`, created on first use), so
 * `pnpm audit:events` can tell a rewritten or truncated history from the real one.
 */
export function auditJobs(config: AuditKeyConfig): JobModule {
  let key: Buffer | undefined;
  return {
    name: 'audit',
    handlers: ({ db, logger }) => ({
      event_log_checkpoint: async () => {
        key ??= loadAuditKey(config, { create: true });
        const checkpoint = await writeEventCheckpoint(db, key);
        if (checkpoint)
          logger.debug({ checkpointId: String(checkpoint.id), eventId: String(checkpoint.eventId) }, 'event log checkpoint signed');
      },
    }),
  };
}
