import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import type { JobModule } from '../jobs/job-module';
import { readWatchdogEnv } from './env';
import { watchdogJobs } from './module';

/** The watchdog module as a worker process runs it: the repository's templates, settings from the environment. */
export function defaultWatchdogJobs(): JobModule {
  return watchdogJobs({ catalog: () => loadTemplates(defaultTemplatesDir()), settings: readWatchdogEnv() });
}
