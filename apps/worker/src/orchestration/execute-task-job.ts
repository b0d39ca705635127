import type { JobPayload } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import {
  claimAttempt,
  createSessionIO,
  recordOutcome,
  watchSession,
  type AgentExecutor,
  type Claim,
  type EngineConfig,
  type ExecutionAgent,
  type ExecutionInput,
  type ExecutionOutcome,
} from '@quarterdeck/engine';
import type { Logger } from 'pino';

export interface ExecuteDeps {
  db: Db;
  logger: Logger;
  workerId: string;
  shutdownSignal: AbortSignal;
  catalog: TemplateCatalog;
  config: EngineConfig;
  executorFor(agent: ExecutionAgent): AgentExecutor;
  /** Sessions executing in this process right now (a same-process duplicate must not take one over). */
  running: Set<string>;
}

/**
 * The execute_task job: one attempt of one agent at one task. Safe to deliver twice: the
 * attempt's session is unique per (task, attempt), a delivery that finds it running under a
 * live worker leaves, one that finds it under a dead worker takes it over (a new iteration
 * of the same attempt), and one that finds it finished does nothing.
 */
export async function executeTask(deps: ExecuteDeps, payload: JobPayload<'execute_task'>): Promise<void> {
  const claim = await claimAttempt(
    { ...deps, onTakeover: (details) => deps.logger.warn(details, 'taking over a session whose worker was lost') },
    payload,
  );
  if (!claim) return;
  const outcome = await runExecutor(deps, claim);
  if (outcome === null) {
    // Shutting down: leave the session running so the next delivery takes it over.
    throw new Error(`execution of task ${claim.task.id} attempt ${claim.task.attempts} interrupted by shutdown; it will resume`);
  }
  await recordOutcome(deps, claim, outcome);
}

/** Runs the executor; null when the process is shutting down and the attempt must resume elsewhere. */
async function runExecutor(deps: ExecuteDeps, claim: Claim): Promise<ExecutionOutcome | null> {
  const controller = new AbortController();
  const onShutdown = () => controller.abort(new Error('the worker is shutting down'));
  deps.shutdownSignal.addEventListener('abort', onShutdown, { once: true });
  const stopWatching = watchSession(deps.db, claim.sessionId, deps.workerId, deps.config.sessionPollMs, (reason) =>
    controller.abort(new Error(reason)),
  );
  const io = createSessionIO(deps.db, {
    sessionId: claim.sessionId,
    iterationId: claim.iterationId,
    iterationNumber: claim.iterationNumber,
    agentId: claim.agent.id,
  });
  const { task } = claim;
  const input: ExecutionInput = {
    projectId: task.projectId,
    runId: task.runId,
    taskId: task.id,
    sessionId: claim.sessionId,
    iterationId: claim.iterationId,
    attempt: task.attempts,
    productIdea: claim.productIdea,
    step: {
      id: task.stepId ?? task.id,
      role: task.role,
      instructions: task.instructions,
      produces: claim.produces,
      consumes: claim.inputs.map((delivered) => delivered.handoff.handoffType),
      longRunning: claim.longRunning,
    },
    agent: claim.agent,
    inputs: claim.inputs.map((delivered) => delivered.handoff),
    feedback: task.feedback,
    signal: controller.signal,
  };
  try {
    const outcome = await deps.executorFor(claim.agent).execute(input, io);
    return deps.shutdownSignal.aborted && outcome.kind === 'failed' ? null : outcome;
  } catch (error) {
    if (deps.shutdownSignal.aborted) return null;
    const reason = controller.signal.aborted ? errorMessage(controller.signal.reason) : errorMessage(error);
    return { kind: 'failed', reason, retryable: true };
  } finally {
    stopWatching();
    deps.shutdownSignal.removeEventListener('abort', onShutdown);
    await io.close();
    deps.running.delete(claim.sessionId);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
