import { z } from 'zod';
import { HitlKind, HitlStatus } from '../enums';
import { entityId, safeString } from '../primitives';
import { paginationShape } from './pagination';

// Human-in-the-loop answers. The three actions have different obligations, so they are
// separate shapes of one union: a rejection must say why (the reason goes back to the
// agent as feedback), an amendment must carry the edited content (it replaces the artifact).

const MAX_RESPONSE = 20_000;
/** Amended content is a whole artifact (a spec, a plan, code) edited by a person. */
const MAX_AMENDED = 2_000_000;

const approve = z.strictObject({
  hitlRequestId: entityId,
  action: z.literal('approve'),
  responseContent: safeString().trim().max(MAX_RESPONSE, `must be at most ${MAX_RESPONSE} characters`).optional(),
});

const reject = z.strictObject({
  hitlRequestId: entityId,
  action: z.literal('reject'),
  /** The reason, sent back to the agent with the work. */
  responseContent: safeString('a rejection needs a reason: it is sent back to the agent with the work')
    .trim()
    .min(1, 'a rejection needs a reason: it is sent back to the agent with the work')
    .max(MAX_RESPONSE, `must be at most ${MAX_RESPONSE} characters`),
});

const amend = z.strictObject({
  hitlRequestId: entityId,
  action: z.literal('amend'),
  /** The edited artifact; the run continues from it. */
  amendedContent: safeString('an amendment needs the amended content')
    .min(1, 'an amendment needs the amended content')
    .max(MAX_AMENDED, `must be at most ${MAX_AMENDED} characters`),
  responseContent: safeString().trim().max(MAX_RESPONSE, `must be at most ${MAX_RESPONSE} characters`).optional(),
});

export const respondHitlInput = z.discriminatedUnion('action', [approve, reject, amend], {
  error: "action must be 'approve', 'reject' or 'amend'",
});
export type RespondHitlInput = z.infer<typeof respondHitlInput>;
export type HitlAction = RespondHitlInput['action'];

/** The request status each action leads to. */
export const hitlStatusOfAction = {
  approve: 'approved',
  reject: 'rejected',
  amend: 'amended',
} as const satisfies Record<HitlAction, HitlStatus>;

export const listHitlRequestsInput = z.strictObject({
  projectId: entityId.optional(),
  runId: entityId.optional(),
  taskId: entityId.optional(),
  status: HitlStatus.optional(),
  kind: HitlKind.optional(),
  ...paginationShape,
});
export type ListHitlRequestsInput = z.infer<typeof listHitlRequestsInput>;

export const hitlRequestIdInput = z.strictObject({ hitlRequestId: entityId });
export type HitlRequestIdInput = z.infer<typeof hitlRequestIdInput>;
