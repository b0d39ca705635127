import { z } from 'zod';
import { entityId, isoTimestamp } from '../primitives';

// Token spend read from llm_usage: totals per project and a time series for charts.

export const UsageBucket = z.enum(['minute', 'hour', 'day']);
export type UsageBucket = z.infer<typeof UsageBucket>;

export const tokenSpendInput = z.strictObject({
  /** Only this project's usage; every project when left out. */
  projectId: entityId.optional(),
  bucket: UsageBucket.default('hour'),
  /** Start of the series; defaults to a window that suits the bucket (2 hours of minutes, 7 days of hours, 90 days of days). */
  since: isoTimestamp.optional(),
});
export type TokenSpendInput = z.infer<typeof tokenSpendInput>;
