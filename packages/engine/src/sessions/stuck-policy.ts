import type { WatchdogAction, WatchdogRule } from '@quarterdeck/contracts';

// What a stuck finding does to its task: the policy the watchdog applies, and the words a
// person and the next attempt read. The watchdog (apps/worker) finds; the engine acts.

/** One thing the watchdog noticed, with the log lines (or facts) that show it. */
export interface Finding {
  rule: WatchdogRule;
  /** One sentence a person can act on. */
  summary: string;
  /** The lines that triggered the rule, oldest first. */
  evidence: string[];
}

/** What to do with a stuck session's task. */
export interface StuckPolicy {
  /** `retry` while attempts remain (then escalate), or always `escalate` to a person. */
  onStuck: 'retry' | 'escalate';
  /** Delay before the retry may start. */
  retryDelayMs: number;
}

export const DEFAULT_STUCK_POLICY: StuckPolicy = { onStuck: 'retry', retryDelayMs: 0 };

/**
 * An agent that asked for a human gets one: retrying would only ask again. Otherwise the
 * policy decides, and a task out of attempts goes to a person rather than failing silently.
 */
export function chooseAction(
  findings: Finding[],
  task: { attempts: number; maxAttempts: number },
  policy: StuckPolicy,
): Extract<WatchdogAction, 'retry_scheduled' | 'escalated'> {
  if (findings.some((finding) => finding.rule === 'asked_for_human')) return 'escalated';
  if (policy.onStuck === 'escalate') return 'escalated';
  return task.attempts < task.maxAttempts ? 'retry_scheduled' : 'escalated';
}

const FEEDBACK_LIMIT = 8_000;

/** The finding as the next attempt's prompt reads it, added after any earlier feedback. */
export function feedbackWithFindings(previous: string | null, attempt: number, findings: Finding[]): string {
  const text = findings
    .map((finding) =>
      [`The watchdog stopped attempt ${attempt}: ${finding.summary}`, 'Evidence:', ...finding.evidence.map((line) => `  ${line}`)].join(
        '\n',
      ),
    )
    .join('\n\n');
  const combined = previous ? `${previous}\n\n${text}` : text;
  // Keep the newest feedback when it grows too long: it is what the next attempt must fix.
  return combined.length > FEEDBACK_LIMIT ? combined.slice(-FEEDBACK_LIMIT) : combined;
}

export const ESCALATION_OPTIONS = ['retry', 'amend the instructions', 'abandon'];

export function escalationQuestion(agentName: string, taskTitle: string, findings: Finding[]): string {
  const first = findings[0];
  const evidence = first
    ? first.evidence
        .slice(0, 5)
        .map((line) => `  ${line}`)
        .join('\n')
    : '';
  return [
    `The watchdog stopped ${agentName} on "${taskTitle}": ${findings.map((finding) => finding.summary).join(' ')}`,
    evidence ? `Evidence:\n${evidence}` : '',
    'Approve to retry (the finding is added to the instructions), amend the instructions and retry, or reject to abandon the task.',
  ]
    .filter((part) => part !== '')
    .join('\n');
}
