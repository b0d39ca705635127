import { z } from 'zod';
import { RunStatus } from '../enums';
import { entityId, identifier, optionalText, templateVariables } from '../primitives';
import { paginationShape } from './pagination';

// Runs: one execution of a workflow template for a project, paused / resumed / cancelled
// as a whole.

export const startRunInput = z.strictObject({
  projectId: entityId,
  /** A workflow from the template catalogue, e.g. "software-delivery". */
  workflowId: identifier,
  teamId: identifier.optional(),
  variables: templateVariables.optional(),
});
export type StartRunInput = z.infer<typeof startRunInput>;

export const listRunsInput = z.strictObject({
  projectId: entityId.optional(),
  status: RunStatus.optional(),
  ...paginationShape,
});
export type ListRunsInput = z.infer<typeof listRunsInput>;

/** Pause, resume and cancel all take this: the reason is shown on the run and in the audit log. */
export const runActionInput = z.strictObject({
  runId: entityId,
  reason: optionalText(2_000),
});
export type RunActionInput = z.infer<typeof runActionInput>;

export const runIdInput = z.strictObject({ runId: entityId });
export type RunIdInput = z.infer<typeof runIdInput>;
