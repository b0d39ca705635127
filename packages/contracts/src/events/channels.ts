import { z } from 'zod';

// Subscription channels. A client subscribes to channels rather than to individual event
// types, so a new event type reaches existing dashboards without a client change.

export const Channel = z.enum([
  /** Projects, runs, waves and their progress. */
  'projects',
  /** Agent lifecycle, status, heartbeats and watchdog findings. */
  'agents',
  /** Task lifecycle, assignment and progress. */
  'tasks',
  /** Sessions, iterations, log lines and QA verdicts. */
  'iterations',
  /** LLM traffic: batched token text, usage and provider failures. High rate: subscribe only where shown. */
  'tokens',
  /** Human-in-the-loop requests and answers. */
  'hitl',
  /** Discussions: conversations, messages, decisions. */
  'messages',
  /** Context artifacts, handoffs, bundles and exports. */
  'artifacts',
  /** Workers, QA audits, notifications, users and tokens, settings. */
  'system',
]);
export type Channel = z.infer<typeof Channel>;

export const CHANNELS: readonly Channel[] = Channel.options;
