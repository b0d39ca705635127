import type { ReactNode } from 'react';
import type { Loadable } from '../types';
import { ErrorState, LoadingState } from './states';

interface LoadableViewProps<T> {
  state: Loadable<T>;
  loadingLabel?: string;
  errorTitle?: string;
  children: (data: T) => ReactNode;
}

/** Renders loading and error states for a Loadable, and `children(data)` once it arrives. */
export function LoadableView<T>({ state, loadingLabel, errorTitle, children }: LoadableViewProps<T>) {
  switch (state.status) {
    case 'pending':
      return <LoadingState label={loadingLabel} />;
    case 'error':
      return <ErrorState title={errorTitle} message={state.error.message} onRetry={state.retry} />;
    case 'success':
      return <>{children(state.data)}</>;
  }
}
