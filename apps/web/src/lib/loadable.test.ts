import { describe, expect, it, vi } from 'vitest';
import { fromQuery } from './loadable';

describe('fromQuery', () => {
  it('maps a successful query to its data', () => {
    expect(fromQuery({ status: 'success', data: [1], error: null, refetch: vi.fn() })).toEqual({ status: 'success', data: [1] });
  });

  it('maps a pending query to pending', () => {
    expect(fromQuery({ status: 'pending', data: undefined, error: null, refetch: vi.fn() })).toEqual({ status: 'pending' });
  });

  it('maps an error to its message, with a retry that refetches', () => {
    const refetch = vi.fn();
    const state = fromQuery({ status: 'error', data: undefined, error: { message: 'UNAUTHORIZED' }, refetch });
    expect(state).toMatchObject({ status: 'error', error: { message: 'UNAUTHORIZED' } });
    if (state.status === 'error') state.retry?.();
    expect(refetch).toHaveBeenCalledOnce();
  });
});
