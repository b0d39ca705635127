import type { Loadable } from '../types';

export function loaded<T>(data: T): Loadable<T> {
  return { status: 'success', data };
}

export function failed<T>(message: string, retry?: () => void): Loadable<T> {
  return retry === undefined ? { status: 'error', error: { message } } : { status: 'error', error: { message }, retry };
}

/** The parts of a TanStack Query result that a Loadable needs (structural, so any query fits). */
export interface QueryLike<T> {
  status: 'pending' | 'error' | 'success';
  data: T | undefined;
  error: { message: string } | null;
  refetch: () => unknown;
}

/** Maps a `useQuery` result onto the Loadable the pages take; "Try again" refetches. */
export function fromQuery<T>(query: QueryLike<T>): Loadable<T> {
  if (query.status === 'success' && query.data !== undefined) return loaded(query.data);
  if (query.status === 'error') {
    return failed(query.error?.message ?? 'The request failed.', () => {
      void query.refetch();
    });
  }
  return { status: 'pending' };
}
