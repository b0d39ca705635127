import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import {
  advanceRun,
  defaultEngineConfig,
  expireHitlRequest,
  tickCron,
  type AgentExecutor,
  type EngineConfig,
  type ExecutionAgent,
} from '@quarterdeck/engine';
import type { JobModule, WorkerServices } from '../jobs/job-module';
import { executeTask } from './execute-task-job';
import { orchestratorTick } from './orchestrator-tick';
import { simulatedExecutor } from './simulated-executor';

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
 * execute_task per attempt, task_finished follow-ups and HITL timeouts. Every state change
 * they make is a transition of @quarterdeck/engine.
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
    handlers: (services) => {
      const { db, logger, workerId, shutdownSignal } = services;
      const running = new Set<string>();
      const executorFor = (agent: ExecutionAgent) => chooseExecutor(agent, services);
      return {
        orchestrator_tick: (payload) => orchestratorTick({ db, logger, config }, payload),
        execute_task: async (payload) =>
          executeTask({ db, logger, workerId, shutdownSignal, catalog: await catalog(), config, executorFor, running }, payload),
        task_finished: async ({ taskId }) => {
          const task = await db.task.findUnique({ where: { id: taskId }, select: { runId: true } });
          if (task?.runId) await advanceRun(db, task.runId);
        },
        hitl_timeout: async (payload) => expireHitlRequest({ db, catalog: await catalog(), config }, payload),
      };
    },
    schedules: { orchestrator_tick: tickCron(config.tickIntervalSeconds) },
  };
}
