import { AppError } from '@quarterdeck/contracts';

/** The one way to say "no such thing": NOT_FOUND naming the input field that pointed at it. */
export function notFound(what: string, field: string): AppError {
  return new AppError('NOT_FOUND', `No ${what} has this id.`, { field });
}

/** For optional references inside an input (a task's runId, a message's parent). */
export function unknownReference(what: string, field: string): AppError {
  return new AppError('BAD_REQUEST', `${field} does not name an existing ${what}.`, { field });
}
