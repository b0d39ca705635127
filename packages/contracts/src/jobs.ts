import { z } from 'zod';
import { AppError } from './errors';
import { formatIssues } from './issues';
import { entityId } from './primitives';

// The job catalogue: every graphile-worker task identifier, the schema of its payload and
// how often the queue may try it. Every task handler parses its `unknown` payload with
// parseJobPayload before doing anything.
//
// Payload rules, because jobs outlive deploys (a job queued by yesterday's code may run on
// today's worker, and during a rolling upgrade today's API may queue for yesterday's worker):
// - payloads only ever gain OPTIONAL fields; nothing is renamed, removed or made required;
// - payloads are plain (not strict) objects, so an older worker ignores a newer field.
//
// maxAttempts is above 1 for every job that is not recurring: graphile-worker counts an
// attempt when a job is taken, so a job whose worker was killed mid-run comes back (after
// the dead worker's lock is released) with one attempt used. Task handlers are idempotent
// (side effects are deduplicated per task attempt in our own tables), so a repeat is safe.
// A recurring job may have 1: its next occurrence replaces a lost one. Domain-level retries
// (a task's own attempts, with feedback) are separate: they queue a new execute_task.
//
// Recurring jobs carry their default `cron` schedule here; `crontab()` turns the catalogue
// into graphile-worker's crontab. graphile-worker adds a `_cron` field to their payloads,
// which the plain payload objects drop.

export interface JobDefinition<Payload extends z.ZodType = z.ZodType> {
  payload: Payload;
  maxAttempts: number;
  /**
   * graphile-worker job_key: a second job with the same key replaces the queued one instead
   * of running twice (it does not stop a copy that is already running).
   */
  jobKey?: (payload: z.output<Payload>) => string;
  /** For recurring jobs: the default schedule (crontab syntax, minute resolution). */
  cron?: string;
  /**
   * graphile-worker runs the jobs of one named queue one at a time: recurring sweeps that
   * must never overlap (a crontab tick beside an interval tick) share a queue.
   */
  queueName?: string;
  description: string;
}

function define<Payload extends z.ZodType>(definition: JobDefinition<Payload>): JobDefinition<Payload> {
  return definition;
}

export const QaTrigger = z.enum(['cron', 'manual', 'iteration']);
export type QaTrigger = z.infer<typeof QaTrigger>;

export const jobCatalogue = {
  orchestrator_tick: define({
    description:
      'Check heartbeats, move tasks whose dependencies are met to ready, assign ready tasks to idle agents, open the next wave, detect completion. Cron, plus one per run after events that can unblock it.',
    payload: z.object({ runId: entityId.optional(), reason: z.string().max(500).optional() }),
    maxAttempts: 3,
    jobKey: ({ runId }) => `orchestrator_tick:${runId ?? 'all'}`,
    cron: '* * * * *',
  }),
  execute_task: define({
    description:
      'Run one agent session for one attempt at a task: build context, call the LLM or spawn the CLI, validate, store the artifact.',
    payload: z.object({ taskId: entityId, attempt: z.number().int().min(1) }),
    maxAttempts: 5,
    jobKey: ({ taskId, attempt }) => `execute_task:${taskId}:${attempt}`,
  }),
  task_finished: define({
    description: 'Follow-up after a task completes or fails: hand off its artifact, unblock dependents, decide what a failure blocks.',
    payload: z.object({ taskId: entityId, attempt: z.number().int().min(1).optional() }),
    maxAttempts: 10,
    jobKey: ({ taskId, attempt }) => `task_finished:${taskId}:${attempt ?? 'latest'}`,
  }),
  hitl_timeout: define({
    description: "A HITL request's timeout passed: escalate (notify, keep waiting) or fail, as the request says.",
    payload: z.object({ hitlRequestId: entityId }),
    maxAttempts: 10,
    jobKey: ({ hitlRequestId }) => `hitl_timeout:${hitlRequestId}`,
  }),
  qa_cycle: define({
    description: 'Validate finished iterations, look for stuck sessions, record a QA audit.',
    payload: z.object({ trigger: QaTrigger.default('cron'), iterationId: entityId.optional() }),
    maxAttempts: 3,
    cron: '*/15 * * * *',
    queueName: 'quarterdeck_qa',
  }),
  watchdog_tick: define({
    description: 'Run stuck detection over the new log output of every running session.',
    payload: z.object({ sessionId: entityId.optional() }),
    maxAttempts: 3,
    cron: '* * * * *',
    queueName: 'quarterdeck_watchdog',
  }),
  system_heartbeat: define({
    description: 'Prove the queue runs jobs end to end: writes system.heartbeat, which /healthz reads.',
    payload: z.object({}),
    maxAttempts: 1,
    jobKey: () => 'system_heartbeat',
    cron: '* * * * *',
  }),
  event_log_checkpoint: define({
    description:
      "Sign the event log's chain head with the audit key (kept outside the database), chained to the previous checkpoint, so a rewritten, truncated or forged history is detected.",
    payload: z.object({}),
    maxAttempts: 1,
    jobKey: () => 'event_log_checkpoint',
    cron: '*/5 * * * *',
  }),
} as const;

export type JobCatalogue = typeof jobCatalogue;
export type JobIdentifier = keyof JobCatalogue;
export const JOB_IDENTIFIERS = Object.keys(jobCatalogue) as JobIdentifier[];
export const JobIdentifier = z.enum(JOB_IDENTIFIERS);

export type JobPayload<I extends JobIdentifier> = z.output<JobCatalogue[I]['payload']>;
export type JobPayloadInput<I extends JobIdentifier> = z.input<JobCatalogue[I]['payload']>;

/**
 * The catalogue seen as "each identifier → a definition of that identifier's payload", so
 * TypeScript can follow `jobDefinitions[identifier]` for a generic identifier without casts
 * (the correlated-union pattern, microsoft/TypeScript#47109).
 */
const jobDefinitions: { [I in JobIdentifier]: JobDefinition<z.ZodType<JobPayload<I>, JobPayloadInput<I>>> } = jobCatalogue;

function definitionOf<I extends JobIdentifier>(identifier: I): JobDefinition<z.ZodType<JobPayload<I>, JobPayloadInput<I>>> {
  return jobDefinitions[identifier];
}

export function isJobIdentifier(identifier: string): identifier is JobIdentifier {
  return Object.hasOwn(jobCatalogue, identifier);
}

/**
 * Parse a job's payload. Throws AppError BAD_REQUEST listing the bad fields; the job then
 * fails visibly in the queue instead of acting on half-understood input.
 */
export function parseJobPayload<I extends JobIdentifier>(identifier: I, payload: unknown): JobPayload<I> {
  const result = definitionOf(identifier).payload.safeParse(payload);
  if (!result.success) {
    throw new AppError('BAD_REQUEST', `Job ${identifier} has an invalid payload`, {
      issues: formatIssues(result.error.issues),
      cause: result.error,
    });
  }
  return result.data;
}

/** What to hand to graphile-worker's addJob / add_job: a checked payload and the catalogue's options. */
export interface PreparedJob<I extends JobIdentifier> {
  identifier: I;
  payload: JobPayload<I>;
  options: { maxAttempts: number; jobKey?: string; queueName?: string };
}

/** Check a payload before enqueueing (a bad payload fails at the caller, not later in a worker). */
export function prepareJob<I extends JobIdentifier>(identifier: I, payload: JobPayloadInput<I>): PreparedJob<I> {
  const definition = definitionOf(identifier);
  const parsed = parseJobPayload(identifier, payload);
  const jobKey = definition.jobKey?.(parsed);
  return {
    identifier,
    payload: parsed,
    options: {
      maxAttempts: definition.maxAttempts,
      ...(jobKey === undefined ? {} : { jobKey }),
      ...(definition.queueName === undefined ? {} : { queueName: definition.queueName }),
    },
  };
}

/** The recurring jobs' schedules, by identifier: the catalogue's defaults unless overridden. */
export type CronSchedules = Partial<Record<JobIdentifier, string>>;

export const RECURRING_JOBS = JOB_IDENTIFIERS.filter((identifier) => jobCatalogue[identifier].cron !== undefined);

/**
 * graphile-worker's crontab for every recurring job, one line each, built from the catalogue:
 * `* * * * * system_heartbeat ?max=1&jobKey=system_heartbeat&jobKeyMode=replace`. The job key
 * (replace mode) keeps a backlog from piling up while no worker is running; `schedules`
 * overrides a default (the orchestrator tick and the QA cycle are configurable).
 */
export function crontab(schedules: CronSchedules = {}, identifiers: readonly JobIdentifier[] = RECURRING_JOBS): string {
  return identifiers
    .filter((identifier) => jobCatalogue[identifier].cron !== undefined)
    .map((identifier) => {
      const { cron } = jobCatalogue[identifier];
      // The key a payload-less job of this kind gets anywhere else, so a queued one is replaced, not doubled.
      const { options } = prepareJob(identifier, {});
      const schedule = schedules[identifier] ?? cron;
      const queue = options.queueName === undefined ? '' : `&queue=${options.queueName}`;
      return `${schedule} ${identifier} ?max=${options.maxAttempts}&jobKey=${options.jobKey ?? identifier}&jobKeyMode=replace${queue}`;
    })
    .join('\n');
}
