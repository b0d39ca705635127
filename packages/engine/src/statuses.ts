import type { HitlStatus, ProjectStatus, RunStatus, SessionStatus, TaskStatus } from '@quarterdeck/db';

// The open and terminal status sets, written once. A terminal status never changes again by
// itself; only a named transition (resume a run, retry a task, reopen after QA) leaves one.

export const TERMINAL_TASK_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly TaskStatus[];
export const OPEN_TASK_STATUSES = ['pending', 'ready', 'working', 'waiting_for_hitl'] as const satisfies readonly TaskStatus[];

/** Runs that will not move again unless a person resumes them (completed ones only reopen for QA rework). */
export const FINISHED_RUN_STATUSES = ['completed', 'cancelled'] as const satisfies readonly RunStatus[];
/** Runs that keep their project open: a project completes only when none of its runs is in one of these. */
export const ACTIVE_RUN_STATUSES = ['pending', 'running', 'paused'] as const satisfies readonly RunStatus[];
/** Runs that still have work ahead, including failed ones a person may resume. */
export const OPEN_RUN_STATUSES = ['pending', 'running', 'paused', 'failed'] as const satisfies readonly RunStatus[];
/** Runs a person can resume. */
export const RESUMABLE_RUN_STATUSES = ['pending', 'paused', 'failed', 'cancelled'] as const satisfies readonly RunStatus[];

export const TERMINAL_PROJECT_STATUSES = ['completed', 'cancelled', 'failed'] as const satisfies readonly ProjectStatus[];

export const ENDED_SESSION_STATUSES = ['completed', 'failed', 'terminated', 'stuck'] as const satisfies readonly SessionStatus[];

export const ANSWERED_HITL_STATUSES = ['approved', 'rejected', 'amended', 'expired'] as const satisfies readonly HitlStatus[];

function member<T extends string>(set: readonly T[], value: string): value is T {
  return (set as readonly string[]).includes(value);
}

export const isTerminalTaskStatus = (status: string): status is (typeof TERMINAL_TASK_STATUSES)[number] =>
  member(TERMINAL_TASK_STATUSES, status);
export const isFinishedRunStatus = (status: string): status is (typeof FINISHED_RUN_STATUSES)[number] =>
  member(FINISHED_RUN_STATUSES, status);
export const isResumableRunStatus = (status: string): status is (typeof RESUMABLE_RUN_STATUSES)[number] =>
  member(RESUMABLE_RUN_STATUSES, status);
