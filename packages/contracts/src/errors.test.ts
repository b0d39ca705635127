import { describe, expect, it } from 'vitest';
import { AppError, AppErrorCode, httpStatusOf, trpcCodeOf } from './errors';
import { createTaskInput } from './inputs/tasks';

describe('httpStatusOf', () => {
  it('maps every code to its HTTP status', () => {
    expect(AppErrorCode.options.map((code) => [code, httpStatusOf(code)])).toEqual([
      ['BAD_REQUEST', 400],
      ['UNAUTHORIZED', 401],
      ['FORBIDDEN', 403],
      ['NOT_FOUND', 404],
      ['CONFLICT', 409],
      ['TOO_MANY_REQUESTS', 429],
      ['PRECONDITION_FAILED', 412],
      ['METHOD_NOT_SUPPORTED', 405],
      ['PAYLOAD_TOO_LARGE', 413],
      ['UNSUPPORTED_MEDIA_TYPE', 415],
      ['INTERNAL', 500],
      ['SERVICE_UNAVAILABLE', 503],
    ]);
  });
});

describe('trpcCodeOf', () => {
  it('uses tRPC’s name for an internal error and the same name for the rest', () => {
    expect(trpcCodeOf('INTERNAL')).toBe('INTERNAL_SERVER_ERROR');
    expect(trpcCodeOf('NOT_FOUND')).toBe('NOT_FOUND');
  });
});

describe('AppError', () => {
  it('turns a zod error into BAD_REQUEST with one issue per path', () => {
    const result = createTaskInput.safeParse({ projectId: 'x', title: 'T', instructions: 'I', role: 'coder', priorty: 'high' });
    if (result.success) throw new Error('expected the input to be rejected');
    const error = AppError.fromZodError(result.error);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.issues).toEqual([
      { path: 'projectId', message: 'must be a UUID' },
      { path: 'priorty', message: 'is not a known field' },
    ]);
    expect(error.field).toBeUndefined();
  });

  it('names the field in the message and in `field` when there is exactly one problem', () => {
    const result = createTaskInput.safeParse({ projectId: 'x', title: 'T', instructions: 'I', role: 'coder' });
    if (result.success) throw new Error('expected the input to be rejected');
    const error = AppError.fromZodError(result.error);
    expect(error.message).toBe('The input is not valid: projectId must be a UUID');
    expect(error.field).toBe('projectId');
  });

  it('serialises without the cause or the stack', () => {
    const error = new AppError('NOT_FOUND', 'No task a1b2', { cause: new Error('db row missing') });
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'NOT_FOUND', message: 'No task a1b2' });
  });
});
