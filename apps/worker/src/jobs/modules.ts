import type { JobModule } from './job-module';
import { systemJobs } from './system-module';

/** Every job module a worker process runs by default. */
export const defaultJobModules: JobModule[] = [systemJobs];
