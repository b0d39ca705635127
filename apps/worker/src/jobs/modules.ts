import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import { auditJobs } from '../audit/checkpoint-module';
import { orchestrationJobs } from '../orchestration/orchestration-jobs';
import type { WorkerSettings } from '../env';
import { selectExecutor } from '../runtime';
import { watchdogJobs } from '../watchdog/module';
import type { JobModule } from './job-module';
import { systemJobs } from './system-module';

/**
 * Every job module a worker process runs by default: the repository's templates, every
 * agent on the agent runtime (an `llm` agent without a provider runs on the built-in
 * `simulated` one, the offline default; `cli` agents as processes).
 */
export function defaultJobModules(settings: WorkerSettings): JobModule[] {
  // Loaded once, on first use, and shared by the engine and the watchdog.
  let loaded: ReturnType<typeof loadTemplates> | undefined;
  const catalog = () => (loaded ??= loadTemplates(defaultTemplatesDir()));
  return [
    systemJobs,
    orchestrationJobs({ catalog, config: settings.engine, executorFor: (agent, services) => selectExecutor(services, agent) }),
    watchdogJobs({ catalog, settings: settings.watchdog }),
    auditJobs(settings.audit),
  ];
}
