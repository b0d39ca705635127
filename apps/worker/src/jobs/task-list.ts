import {
  crontab,
  isJobIdentifier,
  JOB_IDENTIFIERS,
  parseJobPayload,
  RECURRING_JOBS,
  type CronSchedules,
  type JobIdentifier,
} from '@quarterdeck/contracts';
import type { Task, TaskList } from 'graphile-worker';
import type { JobHandler, JobHandlers, JobModule, WorkerServices } from './job-module';

/** Two modules handling one job, or a module handling something the catalogue does not list. */
export class JobWiringError extends Error {
  override name = 'JobWiringError';
}

/** Which module handles each catalogued job; throws when a job is handled twice. */
export function handledJobs(
  modules: readonly JobModule[],
  services: WorkerServices,
): Map<JobIdentifier, { module: string; handlers: JobHandlers }> {
  const handled = new Map<JobIdentifier, { module: string; handlers: JobHandlers }>();
  for (const module of modules) {
    const handlers = module.handlers(services);
    for (const identifier of Object.keys(handlers)) {
      if (!isJobIdentifier(identifier))
        throw new JobWiringError(`Module ${module.name} handles "${identifier}", which is not in the job catalogue.`);
      const previous = handled.get(identifier);
      if (previous) throw new JobWiringError(`Job ${identifier} is handled by both ${previous.module} and ${module.name}.`);
      handled.set(identifier, { module: module.name, handlers });
    }
  }
  return handled;
}

/** The catalogued jobs no module handles (a complete worker has none). */
export function unhandledJobs(handled: ReadonlyMap<JobIdentifier, unknown>): JobIdentifier[] {
  return JOB_IDENTIFIERS.filter((identifier) => !handled.has(identifier));
}

/**
 * graphile-worker's task list: each handler behind the one wrapper that parses its payload
 * against the catalogue (a bad payload fails the job visibly instead of being half-understood),
 * and the crontab of the recurring jobs handled here, built from the catalogue.
 */
export function buildTaskList(modules: readonly JobModule[], services: WorkerServices): { taskList: TaskList; crontab: string } {
  const handled = handledJobs(modules, services);
  const taskList: TaskList = {};
  for (const [identifier, { handlers }] of handled) taskList[identifier] = wrap(identifier, handlers);
  const schedules: CronSchedules = Object.assign({}, ...modules.map((module) => module.schedules ?? {})) as CronSchedules;
  const recurring = RECURRING_JOBS.filter((identifier) => handled.has(identifier));
  return { taskList, crontab: crontab(schedules, recurring) };
}

function wrap<I extends JobIdentifier>(identifier: I, handlers: JobHandlers): Task {
  const handler = handlers[identifier] as JobHandler<I>;
  return async (payload, helpers) => handler(parseJobPayload(identifier, payload), helpers);
}
