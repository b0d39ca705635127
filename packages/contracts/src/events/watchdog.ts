import { z } from 'zod';

// The vocabulary of stuck detection, shared by the watchdog (which writes
// WatchdogFinding.rule / .action) and the dashboard (which explains them).

export const WatchdogRule = z.enum([
  /** No tool call within `noToolCallMinutes`. */
  'no_tool_call',
  /** No output at all within `noOutputMinutes`. */
  'no_output',
  /** The same error line `repeatedErrorCount` times or more. */
  'repeated_error',
  /** The same block of output over and over (`repetitionLoopCount`). */
  'repetition_loop',
  /** The agent itself asked for a human. */
  'asked_for_human',
  /** The worker process holding the session stopped heartbeating. */
  'worker_lost',
]);
export type WatchdogRule = z.infer<typeof WatchdogRule>;

export const WatchdogAction = z.enum([
  /** Only recorded; the session goes on. */
  'warned',
  /** Session stopped, iteration failed, task scheduled for another attempt. */
  'retry_scheduled',
  /** Session stopped and a human asked (HITL escalation), because retries ran out or the agent asked. */
  'escalated',
  /** Session stopped and the task failed. */
  'failed',
]);
export type WatchdogAction = z.infer<typeof WatchdogAction>;
