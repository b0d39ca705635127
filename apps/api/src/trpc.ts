import { AppError, trpcCodeOf, type UserRole } from '@quarterdeck/contracts';
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import type { Context } from './context';

// The one place errors become tRPC errors: an AppError keeps its code, message, field and
// issues; a zod error (bad input) becomes BAD_REQUEST naming each wrong field; anything
// else is INTERNAL_SERVER_ERROR with a generic message (details go to the log, not the client).
// REST (trpc-to-openapi) renders the same shape, so both transports say the same thing.
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const appError = toAppError(error);
      return {
        ...shape,
        message: appError.message,
        data: {
          ...shape.data,
          stack: undefined,
          appCode: appError.code,
          field: appError.field ?? null,
          issues: appError.issues,
        },
      };
    },
    // SSE fallback: a comment line every 15 s keeps proxies from closing an idle stream.
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  });

export function toAppError(error: TRPCError): AppError {
  if (error.cause instanceof AppError) return error.cause;
  if (error.cause instanceof ZodError) return AppError.fromZodError(error.cause);
  if (error.code === 'INTERNAL_SERVER_ERROR') return new AppError('INTERNAL', 'Something went wrong on the server.');
  const code = error.code === 'PARSE_ERROR' ? 'BAD_REQUEST' : error.code;
  return new AppError(isAppCode(code) ? code : 'BAD_REQUEST', error.message);
}

function isAppCode(code: string): code is AppError['code'] {
  return ['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_MANY_REQUESTS', 'PRECONDITION_FAILED'].includes(code);
}

/** Domain code throws AppError; this middleware hands it to tRPC with the right code. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
  }
  return result;
});

const ROLE_RANK: Record<UserRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether a role includes the rights of `minimum` (admin ⊃ operator ⊃ viewer). */
export function hasRole(role: UserRole, minimum: UserRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** Token present and valid, role high enough, and the token still within its per-minute budget. */
function requireRole(minimum: UserRole) {
  return t.middleware(({ ctx, next }) => {
    const caller = ctx.caller;
    if (!caller) throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.authProblem ?? 'A valid API token is required.' });
    if (!hasRole(caller.role, minimum)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${minimum} role; your token has ${caller.role}.` });
    }
    if (!ctx.rateLimiter.tryConsume(caller.tokenId, ctx.rateLimitPerMinute)) {
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `This token may make ${ctx.rateLimitPerMinute} requests a minute; wait a moment and retry.`,
      });
    }
    return next({ ctx: { ...ctx, caller } });
  });
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
/** No token needed: health and the login-link exchange only. */
export const publicProcedure = t.procedure.use(mapAppErrors);
/** Read access: any valid token. */
export const viewerProcedure = publicProcedure.use(requireRole('viewer'));
/** Changes: operators and admins. */
export const operatorProcedure = publicProcedure.use(requireRole('operator'));
/** Administration: admins only. */
export const adminProcedure = publicProcedure.use(requireRole('admin'));
