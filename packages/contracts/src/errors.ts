import { z } from 'zod';
import { formatIssues, type ValidationIssue } from './issues';
import { redact } from './redact';

// The one error type of Quarterdeck. Domain code throws AppError with a code; the API maps
// the code to an HTTP status (httpStatusOf) or a tRPC code (trpcCodeOf) in one place, and
// the client gets the message plus, for bad input, the list of {path, message} issues.

export const AppErrorCode = z.enum([
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
  'INTERNAL',
  /** A part the request needs (the database) is unreachable; the request may succeed later. */
  'SERVICE_UNAVAILABLE',
]);
export type AppErrorCode = z.infer<typeof AppErrorCode>;

export interface AppErrorOptions {
  /** The input field the error is about, when there is exactly one. */
  field?: string;
  issues?: readonly ValidationIssue[];
  /** For TOO_MANY_REQUESTS and SERVICE_UNAVAILABLE: when to try again (sent as Retry-After too). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** The one error body of every REST response (and the `data` of tRPC errors carries the same fields). */
export const apiErrorBody = z
  .object({
    code: z.string().describe('What kind of error: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, …'),
    message: z.string().describe('One sentence for a person, naming the field when there is one'),
    field: z
      .string()
      .optional()
      .describe('The input field the error is about, when there is exactly one (e.g. `config.endpoints.openai.apiKeyEnv`)'),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Every problem with the input, one per field'),
    retryAfterSeconds: z.number().int().optional().describe('When to try again (also in the Retry-After header)'),
  })
  .describe('An error: its code, a message naming the field, and every problem with the input');
export type ApiErrorBody = z.infer<typeof apiErrorBody>;

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly field: string | undefined;
  readonly issues: readonly ValidationIssue[];
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field ?? (options.issues?.length === 1 ? options.issues[0]?.path : undefined);
    this.issues = options.issues ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Bad input, with every zod issue as {path, message}. */
  static fromZodError(error: z.ZodError, message = 'The input is not valid'): AppError {
    const issues = formatIssues(error.issues);
    const first = issues[0];
    const summary =
      issues.length === 1 && first !== undefined ? `${message}: ${first.path === '' ? '' : `${first.path} `}${first.message}` : message;
    return new AppError('BAD_REQUEST', summary, { issues, cause: error });
  }

  /**
   * The JSON a client receives: never the stack or the cause, and with every secret the
   * redactor knows taken out (a message may quote a provider's or a database's error text).
   */
  toJSON(): ApiErrorBody {
    return {
      code: this.code,
      message: redact(this.message),
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.issues.length === 0 ? {} : { issues: this.issues.map((issue) => ({ path: issue.path, message: redact(issue.message) })) }),
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
    };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  METHOD_NOT_SUPPORTED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

export function httpStatusOf(code: AppErrorCode): number {
  return HTTP_STATUS[code];
}

/** tRPC's names for the same codes (contracts does not depend on tRPC, so they are spelt out). */
export type TrpcErrorCode = Exclude<AppErrorCode, 'INTERNAL'> | 'INTERNAL_SERVER_ERROR';

export function trpcCodeOf(code: AppErrorCode): TrpcErrorCode {
  return code === 'INTERNAL' ? 'INTERNAL_SERVER_ERROR' : code;
}
