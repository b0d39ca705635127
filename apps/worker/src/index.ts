export { startWorkerProcess, type WorkerProcess, type WorkerProcessOptions } from './worker-process';
export type { JobModule, WorkerServices } from './jobs/job-module';
export { defaultJobModules } from './jobs/modules';
