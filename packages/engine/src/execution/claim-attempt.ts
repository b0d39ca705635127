import { HandoffType, type JobPayload } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import { freeAgent } from '../agents/change-agent-status';
import type { EngineConfig } from '../config';
import { applyFailurePolicy } from '../tasks/apply-failure-policy';
import { assignReadyTasks } from '../tasks/assign-ready-tasks';
import { lockRunAndTask, type LockedTask } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';
import { endSession } from './end-session';
import type { ExecutionAgent } from './execution-types';
import { loadHandoffInputs, type DeliveredInput } from './handoff-inputs';

export interface ClaimDeps {
  db: Db;
  /** Told when a session is taken over from a worker that was lost. */
  onTakeover?: (details: { taskId: string; attempt: number; previousWorker: string | null }) => void;
  /** This worker process's id (worker_heartbeats.id). */
  workerId: string;
  catalog: TemplateCatalog;
  config: EngineConfig;
  /** Sessions executing in this process right now (a same-process duplicate must not take one over). */
  running: Set<string>;
}

/** An attempt this worker now owns: everything the executor needs, read in the claiming transaction. */
export interface Claim {
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
 * The start of an execute_task delivery: the attempt's session is unique per (task, attempt),
 * so a delivery that finds it running under a live worker leaves, one that finds it under a
 * dead worker takes it over (a new iteration of the same attempt), and one that finds it
 * finished does nothing. Null when there is nothing to run.
 */
export async function claimAttempt(deps: ClaimDeps, { taskId, attempt }: JobPayload<'execute_task'>): Promise<Claim | null> {
  let claimedSession: string | null = null;
  try {
    return await inTransaction(deps.db, async (w) => {
      const { tx, emit } = w;
      // Run → task: the failure path below may pause the run, so the run is locked first.
      const task = (await lockRunAndTask(tx, taskId))?.task;
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
        deps.onTakeover?.({ taskId, attempt, previousWorker });
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

async function workerAlive(deps: ClaimDeps, tx: Work['tx'], workerId: string | null): Promise<boolean> {
  if (workerId === null) return false;
  if (workerId === deps.workerId) return false;
  const worker = await tx.workerHeartbeat.findUnique({ where: { id: workerId }, select: { stoppedAt: true, lastSeenAt: true } });
  return worker !== null && worker.stoppedAt === null && Date.now() - worker.lastSeenAt.getTime() < deps.config.workerDeadAfterMs;
}

function stepOf(catalog: TemplateCatalog, workflowId: string | null, stepId: string | null) {
  return workflowId && stepId ? catalog.getWorkflow(workflowId)?.steps.find((step) => step.id === stepId) : undefined;
}
