import { parseJobPayload } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { JobModule, WorkerServices } from '../jobs/job-module';
import { defaultEngineConfig, tickCron, type EngineConfig } from './config';
import { executeTask } from './execute-task';
import type { AgentExecutor, ExecutionAgent } from './executor';
import { hitlTimeout } from './hitl-timeout';
import { simulatedExecutor } from './simulated-executor';
import { advanceRun, orchestratorTick } from './tick';

export interface OrchestrationOptions {
  /** The template catalogue, or how to load it (once, on first use). */
  catalog: TemplateCatalog | (() => Promise<TemplateCatalog>);
  /**
   * Which executor runs an agent, given the worker process's services (the runtime keeps
   * its per-process state on them); the engine's own simulated executor when left out.
   * The default job modules pass the agent runtime's selectExecutor.
   */
  executorFor?: (agent: ExecutionAgent, services: WorkerServices) => AgentExecutor;
  config?: Partial<EngineConfig>;
}

/**
 * The orchestration engine's jobs: the orchestrator tick (crontab and on demand), one
 * execute_task per attempt, task_finished follow-ups and HITL timeouts.
 */
export function orchestrationJobs(options: OrchestrationOptions): JobModule {
  const config: EngineConfig = { ...defaultEngineConfig, ...options.config };
  const chooseExecutor = options.executorFor ?? (() => simulatedExecutor);
  let catalogPromise: Promise<TemplateCatalog> | undefined;
  const catalog = () => {
    const source = options.catalog;
    catalogPromise ??= typeof source === 'function' ? source() : Promise.resolve(source);
    return catalogPromise;
  };
  return {
    name: 'orchestration',
    tasks: (services) => {
      const { db, logger, workerId, shutdownSignal } = services;
      const running = new Set<string>();
      const executorFor = (agent: ExecutionAgent) => chooseExecutor(agent, services);
      return {
        orchestrator_tick: async (payload) => {
          await orchestratorTick({ db, logger, config }, parseJobPayload('orchestrator_tick', payload));
        },
        execute_task: async (payload) => {
          const parsed = parseJobPayload('execute_task', payload);
          await executeTask({ db, logger, workerId, shutdownSignal, catalog: await catalog(), config, executorFor, running }, parsed);
        },
        task_finished: async (payload) => {
          const { taskId } = parseJobPayload('task_finished', payload);
          const task = await db.task.findUnique({ where: { id: taskId }, select: { runId: true } });
          if (task?.runId) await advanceRun(db, task.runId);
        },
        hitl_timeout: async (payload) => {
          await hitlTimeout({ db, catalog: await catalog(), config }, parseJobPayload('hitl_timeout', payload));
        },
      };
    },
    crontab: [`${tickCron(config.tickIntervalSeconds)} orchestrator_tick ?max=3&jobKey=orchestrator_tick:all&jobKeyMode=replace`],
  };
}
