import { AppError, redact, trpcCodeOf, type AppErrorCode, type UserRole } from '@quarterdeck/contracts';
import { initTRPC, TRPCError } from '@trpc/server';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import type { Context } from './context';
import { isDatabaseUnreachable, OUTAGE_RETRY_AFTER_SECONDS } from './health/database-outage';

// The one place errors become tRPC errors: an AppError keeps its code, message, field and
// issues; a zod error (bad input) becomes BAD_REQUEST naming each wrong field; the database
// being unreachable is SERVICE_UNAVAILABLE; anything else is INTERNAL_SERVER_ERROR with a
// generic message (details go to the log, not the client). Messages pass the redactor.
// REST renders the same AppError as its one error body (src/http/rest-errors.ts).
const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const body = toAppError(error).toJSON();
      return {
        ...shape,
        message: body.message,
        data: {
          ...shape.data,
          stack: undefined,
          appCode: body.code,
          field: body.field ?? null,
          issues: body.issues ?? [],
          retryAfterSeconds: body.retryAfterSeconds ?? null,
        },
      };
    },
    // SSE fallback: a comment line every 15 s keeps proxies from closing an idle stream.
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  });

const TRPC_ONLY_CODES: Partial<Record<TRPCError['code'], AppErrorCode>> = {
  PARSE_ERROR: 'BAD_REQUEST',
  UNPROCESSABLE_CONTENT: 'BAD_REQUEST',
  CLIENT_CLOSED_REQUEST: 'BAD_REQUEST',
};

export function toAppError(error: TRPCError): AppError {
  if (error.cause instanceof AppError) return error.cause;
  if (error.cause instanceof ZodError) return AppError.fromZodError(error.cause);
  if (isDatabaseUnreachable(error.cause)) {
    return new AppError('SERVICE_UNAVAILABLE', 'The database is unreachable; try again shortly.', {
      retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS,
    });
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') return new AppError('INTERNAL', 'Something went wrong on the server.');
  const code = TRPC_ONLY_CODES[error.code] ?? (isAppCode(error.code) ? error.code : 'BAD_REQUEST');
  return new AppError(code, redact(error.message));
}

function isAppCode(code: string): code is AppErrorCode {
  return (
    [
      'BAD_REQUEST',
      'UNAUTHORIZED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'TOO_MANY_REQUESTS',
      'PRECONDITION_FAILED',
      'METHOD_NOT_SUPPORTED',
      'PAYLOAD_TOO_LARGE',
      'UNSUPPORTED_MEDIA_TYPE',
      'SERVICE_UNAVAILABLE',
    ] satisfies AppErrorCode[] as string[]
  ).includes(code);
}

/** Domain code throws AppError; this middleware hands it to tRPC with the right code. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause instanceof AppError ? result.error.cause : toAppError(result.error);
    if (cause.code !== 'INTERNAL' || result.error.cause instanceof AppError) {
      throw new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
    }
  }
  return result;
});

/** Counts one request against `key`'s budget; over it, TOO_MANY_REQUESTS with when to come back. */
async function throttle(ctx: Context, key: string, perMinute: number, message: string): Promise<void> {
  const decision = await ctx.rateLimiter.consume(key, perMinute);
  if (!decision.allowed) throw new AppError('TOO_MANY_REQUESTS', message, { retryAfterSeconds: decision.retryAfterSeconds });
}

const ROLE_RANK: Record<UserRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether a role includes the rights of `minimum` (admin ⊃ operator ⊃ viewer). */
export function hasRole(role: UserRole, minimum: UserRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/**
 * Token present and valid, role high enough, and the token still within its per-minute
 * budget. Calls without a valid token are throttled per client address, so guessing tokens
 * costs the guesser, not the database.
 */
function requireRole(minimum: UserRole) {
  return t.middleware(async ({ ctx, next }) => {
    const caller = ctx.caller;
    if (!caller) {
      await throttle(
        ctx,
        `address:${ctx.clientAddress}`,
        ctx.limits.anonymousPerMinute,
        `This address may make ${ctx.limits.anonymousPerMinute} requests a minute without a valid token; wait a moment and retry.`,
      );
      throw new TRPCError({ code: 'UNAUTHORIZED', message: ctx.authProblem ?? 'A valid API token is required.' });
    }
    if (!hasRole(caller.role, minimum)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${minimum} role; your token has ${caller.role}.` });
    }
    await throttle(
      ctx,
      `token:${caller.tokenId}`,
      ctx.rateLimitPerMinute,
      `This token may make ${ctx.rateLimitPerMinute} requests a minute; wait a moment and retry.`,
    );
    return next({ ctx: { ...ctx, caller } });
  });
}

/** Login-link exchanges, per client address: a link is 32 random bytes, and guessing one should stay hopeless. */
const throttleLogins = t.middleware(async ({ ctx, next }) => {
  await throttle(
    ctx,
    `login:${ctx.clientAddress}`,
    ctx.limits.loginPerMinute,
    `This address may try ${ctx.limits.loginPerMinute} login links a minute; wait a moment and retry.`,
  );
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;
/** No token needed: health only. */
export const publicProcedure = t.procedure.use(mapAppErrors);
/** The login-link exchange: no token, throttled per address. */
export const loginProcedure = publicProcedure.use(throttleLogins);
/** Read access: any valid token. */
export const viewerProcedure = publicProcedure.use(requireRole('viewer'));
/** Changes: operators and admins. */
export const operatorProcedure = publicProcedure.use(requireRole('operator'));
/** Administration: admins only. */
export const adminProcedure = publicProcedure.use(requireRole('admin'));
