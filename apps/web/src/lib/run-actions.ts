import type { RunAction, RunStatus } from '../types';

/**
 * Which of pause / resume / cancel make sense for a run in a given state. A failed run can
 * be resumed (the orchestrator retries from where it stopped); finished runs take none.
 */
export function availableRunActions(status: RunStatus): RunAction[] {
  switch (status) {
    case 'pending':
    case 'running':
      return ['pause', 'cancel'];
    case 'paused':
    case 'failed':
      return ['resume', 'cancel'];
    case 'completed':
    case 'cancelled':
      return [];
  }
}

export const RUN_ACTION_LABELS: Record<RunAction, string> = {
  pause: 'Pause run',
  resume: 'Resume run',
  cancel: 'Cancel run',
};
