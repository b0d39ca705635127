import { artifactTypeOfHandoff, HandoffType, validateHandoffContent, type JobPayload } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';
import { logicalKeyOf, storeArtifact } from './artifacts';
import type { EngineConfig } from './config';
import type { AgentExecutor, ExecutionAgent, ExecutionInput, ExecutionOutcome } from './executor';
import { loadHandoffInputs, type DeliveredInput } from './inputs';
import { applyFailurePolicy, completeTask, requestHuman } from './outcomes';
import { lockRunAndTask, lockTask, type LockedTask } from './rows';
import { assignReadyTasks, freeAgent } from './scheduling';
import { createSessionIO, watchSession } from './session-io';
import { inTransaction, type Work } from './tx';

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

interface Claim {
  task: LockedTask;
  sessionId: string;
  iterationId: string;
  iterationNumber: number;
  agent: ExecutionAgent;
  inputs: DeliveredInput[];
  productIdea: string;
  produces: HandoffType;
  longRunning: boolean;
  startedAt: Date;
}

/**
 * The execute_task job: one attempt of one agent at one task. Safe to deliver twice: the
 * attempt's session is unique per (task, attempt), a delivery that finds it running under a
 * live worker leaves, one that finds it under a dead worker takes it over (a new iteration
 * of the same attempt), and one that finds it finished does nothing.
 */
export async function executeTask(deps: ExecuteDeps, payload: JobPayload<'execute_task'>): Promise<void> {
  const claim = await claimAttempt(deps, payload);
  if (!claim) return;
  const outcome = await runExecutor(deps, claim);
  if (outcome === null) {
    // Shutting down: leave the session running so the next delivery takes it over.
    throw new Error(`execution of task ${claim.task.id} attempt ${claim.task.attempts} interrupted by shutdown; it will resume`);
  }
  await recordOutcome(deps, claim, outcome);
}

async function workerAlive(deps: ExecuteDeps, tx: Work['tx'], workerId: string | null): Promise<boolean> {
  if (workerId === null) return false;
  if (workerId === deps.workerId) return false;
  const worker = await tx.workerHeartbeat.findUnique({ where: { id: workerId }, select: { stoppedAt: true, lastSeenAt: true } });
  return worker !== null && worker.stoppedAt === null && Date.now() - worker.lastSeenAt.getTime() < deps.config.workerDeadAfterMs;
}

function stepOf(catalog: TemplateCatalog, workflowId: string | null, stepId: string | null) {
  return workflowId && stepId ? catalog.getWorkflow(workflowId)?.steps.find((step) => step.id === stepId) : undefined;
}

async function claimAttempt(deps: ExecuteDeps, { taskId, attempt }: JobPayload<'execute_task'>): Promise<Claim | null> {
  let claimedSession: string | null = null;
  try {
    return await inTransaction(deps.db, async (w) => {
      const { tx, emit } = w;
      const task = await lockTask(tx, taskId);
      if (!task || task.status !== 'working' || task.attempts !== attempt || task.assignedAgentId === null) return null;
      const context = await tx.task.findUniqueOrThrow({
        where: { id: taskId },
        select: {
          project: { select: { status: true, name: true, productIdea: true } },
          run: { select: { status: true, workflowId: true } },
          assignedAgent: true,
        },
      });
      const agentRow = context.assignedAgent;
      const runnable = context.project.status === 'active' && (context.run === null || context.run.status === 'running');
      if (!runnable || agentRow === null) {
        await giveBack(w, task, runnable ? 'its agent no longer exists' : 'the run is not running');
        return null;
      }
      const scope = { projectId: task.projectId, taskId, agentId: agentRow.id, ...(task.runId ? { runId: task.runId } : {}) };

      let session = await tx.agentSession.findUnique({ where: { taskId_attempt: { taskId, attempt } } });
      if (session && session.status !== 'running') return null;
      if (session && (deps.running.has(session.id) || (await workerAlive(deps, tx, session.workerId)))) return null;

      let iterationNumber = 1;
      const isTakeover = session !== null;
      if (session) {
        const previousWorker = session.workerId;
        iterationNumber = (await tx.iteration.count({ where: { sessionId: session.id } })) + 1;
        await tx.iteration.updateMany({
          where: { sessionId: session.id, status: 'running' },
          data: { status: 'failed', endedAt: new Date() },
        });
        session = await tx.agentSession.update({
          where: { id: session.id },
          data: { workerId: deps.workerId, pid: process.pid, lastHeartbeatAt: new Date() },
        });
        deps.logger.warn({ taskId, attempt, previousWorker }, 'taking over a session whose worker was lost');
      } else {
        session = await tx.agentSession.create({
          data: {
            agentId: agentRow.id,
            taskId,
            runId: task.runId,
            attempt,
            workerId: deps.workerId,
            pid: process.pid,
            lastHeartbeatAt: new Date(),
          },
        });
        emit({
          type: 'session.started',
          ...scope,
          sessionId: session.id,
          payload: { attempt, runtime: agentRow.runtime, workerId: deps.workerId },
        });
      }
      const iteration = await tx.iteration.create({
        data: {
          sessionId: session.id,
          number: iterationNumber,
          logContent: isTakeover ? `[orchestrator] resumed on worker ${deps.workerId} after the previous worker was lost\n` : '',
        },
        select: { id: true },
      });
      emit({
        type: 'iteration.started',
        sessionId: session.id,
        agentId: agentRow.id,
        payload: { iterationId: iteration.id, number: iterationNumber },
      });

      const loaded = await loadHandoffInputs(tx, task, context.project);
      const produces = HandoffType.safeParse(task.produces[0]);
      if (!loaded.ok || !produces.success) {
        const reason = !loaded.ok
          ? `an input handoff is invalid: ${loaded.errors.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`
          : `the step produces an unknown handoff type "${task.produces[0] ?? ''}"`;
        await endSession(
          w,
          { ...scope, sessionId: session.id, iterationId: iteration.id, iterationNumber, startedAt: session.startedAt },
          'failed',
          reason,
        );
        await freeAgent(w, agentRow.id, taskId, 'the attempt could not start');
        await applyFailurePolicy(w, deps, task, { reason, retryable: false });
        await assignReadyTasks(w);
        return null;
      }
      if (!isTakeover) {
        for (const input of loaded.inputs) {
          if (input.artifactId === null) continue;
          emit({
            type: 'handoff.delivered',
            ...scope,
            payload: {
              artifactId: input.artifactId,
              handoffType: input.handoff.handoffType,
              sourceAgent: input.handoff.sourceAgent,
              targetAgent: input.handoff.targetAgent,
            },
          });
        }
      }
      deps.running.add(session.id);
      claimedSession = session.id;
      return {
        task,
        sessionId: session.id,
        iterationId: iteration.id,
        iterationNumber,
        agent: toExecutionAgent(agentRow),
        inputs: loaded.inputs,
        productIdea: context.project.productIdea,
        produces: produces.data,
        longRunning: stepOf(deps.catalog, context.run?.workflowId ?? null, task.stepId)?.longRunning ?? false,
        startedAt: session.startedAt,
      };
    });
  } catch (error) {
    if (claimedSession !== null) deps.running.delete(claimedSession);
    throw error;
  }
}

/** The attempt never started (the run was paused meanwhile): the task and its agent are as before. */
async function giveBack(w: Work, task: LockedTask, reason: string): Promise<void> {
  await w.tx.$executeRaw`
    UPDATE tasks SET status = 'ready', attempts = attempts - 1, updated_at = now() WHERE id = ${task.id}::uuid`;
  w.emit({
    type: 'task.status_changed',
    projectId: task.projectId,
    taskId: task.id,
    ...(task.runId ? { runId: task.runId } : {}),
    payload: { from: 'working', to: 'ready', attempt: task.attempts - 1, reason },
  });
  if (task.assignedAgentId) await freeAgent(w, task.assignedAgentId, task.id, reason);
}

/** The agent row as read from the database: its config is still unvalidated JSON. */
function toExecutionAgent(agent: Omit<ExecutionAgent, 'config'> & { config: unknown }): ExecutionAgent {
  const config = agent.config !== null && typeof agent.config === 'object' && !Array.isArray(agent.config) ? { ...agent.config } : {};
  return {
    id: agent.id,
    name: agent.name,
    role: agent.role,
    runtime: agent.runtime,
    provider: agent.provider,
    model: agent.model,
    temperature: agent.temperature,
    maxTokens: agent.maxTokens,
    contextSize: agent.contextSize,
    systemPrompt: agent.systemPrompt,
    persona: agent.persona,
    command: agent.command,
    config,
  };
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

interface SessionScope {
  projectId: string;
  runId?: string;
  taskId: string;
  agentId: string;
  sessionId: string;
  iterationId: string;
  iterationNumber: number;
  startedAt: Date;
}

async function endSession(
  w: Work,
  scope: SessionScope,
  status: 'completed' | 'failed',
  stopReason: string | null,
  logLines: string[] = [],
) {
  const { tx, emit } = w;
  const text = logLines.map((line) => `${line}\n`).join('');
  const [iteration] = await tx.$queryRaw<Array<{ toolCallCount: number; errorCount: number }>>`
    UPDATE iterations SET status = ${status}::"IterationStatus", ended_at = now(), log_content = log_content || ${text},
      error_count = error_count + ${status === 'failed' ? 1 : 0}
    WHERE id = ${scope.iterationId}::uuid
    RETURNING tool_call_count AS "toolCallCount", error_count AS "errorCount"`;
  await tx.agentSession.update({ where: { id: scope.sessionId }, data: { status, stopReason, endedAt: new Date() } });
  const iterationCount = await tx.iteration.count({ where: { sessionId: scope.sessionId } });
  const { iterationId, iterationNumber, startedAt, ...eventScope } = scope;
  emit({
    type: 'iteration.completed',
    sessionId: scope.sessionId,
    agentId: scope.agentId,
    payload: {
      iterationId,
      number: iterationNumber,
      status,
      toolCallCount: iteration?.toolCallCount ?? 0,
      errorCount: iteration?.errorCount ?? 0,
      qaResult: 'pending',
    },
  });
  emit({
    type: 'session.ended',
    ...eventScope,
    payload: { status, stopReason, durationMs: Math.max(0, Date.now() - startedAt.getTime()), iterationCount },
  });
}

async function recordOutcome(deps: ExecuteDeps, claim: Claim, outcome: ExecutionOutcome): Promise<void> {
  await inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const locked = await lockRunAndTask(tx, claim.task.id);
    const session = await tx.agentSession.findUnique({ where: { id: claim.sessionId }, select: { status: true, workerId: true } });
    // Terminated, cancelled or taken over meanwhile: whoever changed it owns the outcome.
    if (!locked || session?.status !== 'running' || session.workerId !== deps.workerId) return;
    const { task } = locked;
    if (task.status !== 'working' || task.attempts !== claim.task.attempts) return;
    const scope: SessionScope = {
      projectId: task.projectId,
      taskId: task.id,
      agentId: claim.agent.id,
      sessionId: claim.sessionId,
      iterationId: claim.iterationId,
      iterationNumber: claim.iterationNumber,
      startedAt: claim.startedAt,
      ...(task.runId ? { runId: task.runId } : {}),
    };

    if (outcome.kind === 'failed') {
      await endSession(w, scope, 'failed', outcome.reason, [`[orchestrator] attempt failed: ${outcome.reason}`]);
      await freeAgent(w, claim.agent.id, task.id, 'attempt failed');
      await applyFailurePolicy(w, deps, task, outcome);
      await assignReadyTasks(w);
      return;
    }

    if (outcome.kind === 'needs_human') {
      await endSession(w, scope, 'completed', 'asked a person', [`[orchestrator] the agent asked: ${outcome.question}`]);
      await freeAgent(w, claim.agent.id, task.id, 'waiting for a person');
      await requestHuman(w, task, {
        kind: 'question',
        question: outcome.question,
        options: outcome.options ?? [],
        artifactId: null,
        config: deps.config,
      });
      await assignReadyTasks(w);
      return;
    }

    const validation = validateHandoffContent(claim.produces, outcome.content);
    if (!validation.ok) {
      const errors = validation.errors.slice(0, 50);
      const reason = `the ${claim.produces} handoff is invalid: ${errors.map((issue) => `${issue.path || '(root)'} ${issue.message}`).join('; ')}`;
      const retryable = task.attempts < task.maxAttempts;
      emit({
        type: 'handoff.invalid',
        projectId: task.projectId,
        taskId: task.id,
        sessionId: claim.sessionId,
        payload: { handoffType: claim.produces, sourceAgent: task.role, errors, next: retryable ? 'retry' : 'give_up' },
      });
      await endSession(
        w,
        scope,
        'failed',
        reason,
        errors.map((issue) => `[validation] ${issue.path || '(root)'}: ${issue.message}`),
      );
      await freeAgent(w, claim.agent.id, task.id, 'attempt failed');
      await applyFailurePolicy(w, deps, task, { reason, retryable: true });
      await assignReadyTasks(w);
      return;
    }

    const sourceArtifactIds = claim.inputs.flatMap((delivered) => (delivered.artifactId ? [delivered.artifactId] : []));
    const logicalKey = logicalKeyOf(task, claim.produces);
    const artifact = await storeArtifact(w, {
      projectId: task.projectId,
      runId: task.runId,
      taskId: task.id,
      sessionId: claim.sessionId,
      logicalKey,
      name: task.title,
      artifactType: artifactTypeOfHandoff[claim.produces],
      handoffType: claim.produces,
      sourceAgent: task.role,
      content: validation.value,
      isSimulated: outcome.simulated,
      sourceArtifactIds,
    });
    for (const file of outcome.files ?? []) {
      await storeArtifact(w, {
        projectId: task.projectId,
        runId: task.runId,
        taskId: task.id,
        sessionId: claim.sessionId,
        logicalKey: `${logicalKey}/files/${file.path}`,
        name: file.path,
        artifactType: 'code',
        handoffType: null,
        sourceAgent: task.role,
        content: file.content,
        mimeType: 'text/plain',
        isSimulated: outcome.simulated,
        sourceArtifactIds: [artifact.id],
      });
    }
    await endSession(w, scope, 'completed', null);
    await freeAgent(w, claim.agent.id, task.id, 'attempt completed');
    if (task.requiresReview) {
      await requestHuman(w, task, {
        kind: 'review',
        question: `Review "${task.title}" (${claim.produces}, version ${artifact.version}): approve it, reject it with a reason, or amend it.`,
        options: ['approve', 'reject', 'amend'],
        artifactId: artifact.id,
        config: deps.config,
      });
      await assignReadyTasks(w);
    } else {
      await completeTask(w, task);
    }
  });
}
