import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import { orchestrationJobs } from '../engine/engine-module';
import { defaultWatchdogJobs } from '../watchdog/default-module';
import type { JobModule } from './job-module';
import { systemJobs } from './system-module';

/** Every job module a worker process runs by default. */
export const defaultJobModules: JobModule[] = [
  systemJobs,
  // The simulated executor runs every agent until the runtime's executor selection is wired in here.
  orchestrationJobs({ catalog: () => loadTemplates(defaultTemplatesDir()) }),
  defaultWatchdogJobs(),
];
