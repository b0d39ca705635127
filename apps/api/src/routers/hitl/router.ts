import { AppError, entityId, hitlRequestIdInput, listHitlRequestsInput, respondHitlInput } from '@quarterdeck/contracts';
import { z } from 'zod';
import { respondToHitl } from '@quarterdeck/engine';
import { hitlPageOutput, hitlRequestOutput } from '../../openapi/output-schemas';
import { operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { getHitlRequest, listHitlRequests } from './list-hitl-requests';

const listForProjectInput = listHitlRequestsInput.extend({ projectId: entityId });

/**
 * respondHitlInput is a union (each action has its own obligations); REST bodies and the
 * OpenAPI generator need one object. This flat object is checked by the union itself, so
 * both transports give the same field-named errors ("a rejection needs a reason").
 */
const respondInput = z
  .strictObject({
    hitlRequestId: entityId,
    action: z.enum(['approve', 'reject', 'amend'], { error: "action must be 'approve', 'reject' or 'amend'" }),
    responseContent: z.string().optional().describe('The reason (required to reject) or a note'),
    amendedContent: z.string().optional().describe('The edited artifact (required to amend)'),
  })
  .superRefine((body, ctx) => {
    const result = respondHitlInput.safeParse(definedFields(body));
    if (!result.success)
      for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

function definedFields(body: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

function asResponse(body: z.output<typeof respondInput>) {
  const parsed = respondHitlInput.safeParse(definedFields(body));
  if (!parsed.success) throw AppError.fromZodError(parsed.error);
  return parsed.data;
}

export const hitlRouter = router({
  get: viewerProcedure.input(hitlRequestIdInput).query(async ({ ctx, input }) => toWire(await getHitlRequest(ctx.db, input.hitlRequestId))),
  list: viewerProcedure.input(listHitlRequestsInput).query(async ({ ctx, input }) => toWire(await listHitlRequests(ctx.db, input))),
  listForProject: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/hitl/project/{projectId}/requests',
        tags: ['hitl'],
        summary: "A project's HITL requests with how many are pending",
      },
    })
    .input(listForProjectInput)
    .output(hitlPageOutput)
    .query(async ({ ctx, input }) => toWire(await listHitlRequests(ctx.db, input))),
  /** Approve continues the run; reject sends the work back with the reason; amend replaces the artifact and continues. */
  respond: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/api/v1/hitl/{hitlRequestId}/respond',
        tags: ['hitl'],
        summary: 'Approve, reject (with a reason) or amend (with content) a HITL request',
      },
    })
    .input(respondInput)
    .output(hitlRequestOutput)
    .mutation(async ({ ctx, input }) => toWire(await respondToHitl(ctx, asResponse(input), { userId: ctx.caller.userId }))),
});
