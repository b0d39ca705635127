import { z } from 'zod';
import { formatIssues, type ValidationIssue } from './issues';

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
  'INTERNAL',
]);
export type AppErrorCode = z.infer<typeof AppErrorCode>;

export interface AppErrorOptions {
  /** The input field the error is about, when there is exactly one. */
  field?: string;
  issues?: readonly ValidationIssue[];
  cause?: unknown;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: AppErrorCode;
  readonly field: string | undefined;
  readonly issues: readonly ValidationIssue[];

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field ?? (options.issues?.length === 1 ? options.issues[0]?.path : undefined);
    this.issues = options.issues ?? [];
  }

  /** Bad input, with every zod issue as {path, message}. */
  static fromZodError(error: z.ZodError, message = 'The input is not valid'): AppError {
    const issues = formatIssues(error.issues);
    const first = issues[0];
    const summary =
      issues.length === 1 && first !== undefined ? `${message}: ${first.path === '' ? '' : `${first.path} `}${first.message}` : message;
    return new AppError('BAD_REQUEST', summary, { issues, cause: error });
  }

  /** The JSON a client receives: never the stack or the cause. */
  toJSON(): { code: AppErrorCode; message: string; field?: string; issues?: ValidationIssue[] } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.issues.length === 0 ? {} : { issues: [...this.issues] }),
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
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
};

export function httpStatusOf(code: AppErrorCode): number {
  return HTTP_STATUS[code];
}

/** tRPC's names for the same codes (contracts does not depend on tRPC, so they are spelt out). */
export type TrpcErrorCode = Exclude<AppErrorCode, 'INTERNAL'> | 'INTERNAL_SERVER_ERROR';

export function trpcCodeOf(code: AppErrorCode): TrpcErrorCode {
  return code === 'INTERNAL' ? 'INTERNAL_SERVER_ERROR' : code;
}
