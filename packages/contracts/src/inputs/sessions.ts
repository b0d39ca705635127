import { z } from 'zod';
import { SessionStatus } from '../enums';
import { entityId, optionalText } from '../primitives';
import { paginationShape } from './pagination';

// Agent sessions: one attempt of one agent at one task.

export const listSessionsInput = z.strictObject({
  agentId: entityId.optional(),
  runId: entityId.optional(),
  taskId: entityId.optional(),
  status: SessionStatus.optional(),
  ...paginationShape,
});
export type ListSessionsInput = z.infer<typeof listSessionsInput>;

/** Stop a running session by hand; the reason becomes the session's stop reason. */
export const terminateSessionInput = z.strictObject({
  sessionId: entityId,
  reason: optionalText(2_000),
});
export type TerminateSessionInput = z.infer<typeof terminateSessionInput>;

export const sessionIdInput = z.strictObject({ sessionId: entityId });
export type SessionIdInput = z.infer<typeof sessionIdInput>;
