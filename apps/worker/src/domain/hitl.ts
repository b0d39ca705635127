import {
  AppError,
  assignTaskInput,
  HandoffType,
  hitlStatusOfAction,
  respondHitlInput,
  validateHandoffContent,
  type AssignTaskInput,
  type RespondHitlInput,
} from '@quarterdeck/contracts';
import type { HitlRequest, Prisma, Task } from '@quarterdeck/db';
import { storeArtifact } from '../engine/artifacts';
import { completeTask, sendBack } from '../engine/outcomes';
import { answerEscalation, isEscalation } from './escalation';
import { lockRunAndTask, type LockedTask } from '../engine/rows';
import { startAttempt } from '../engine/scheduling';
import { inTransaction, type Work } from '../engine/tx';
import { parseInput, type Actor, type DomainDeps } from './deps';

/**
 * A person answers a HITL request. Approve: the task completes (or, for a question, runs
 * again with the answer). Reject: the task goes back with the reason as feedback in its next
 * prompt. Amend: the person's content is stored as the artifact's next version (lineage to
 * the agent's) and the run continues from it. An escalation (no artifact: the watchdog
 * stopped the agent, or a question timed out) is answered differently, see
 * `answerEscalation`. A request is answered once; again → CONFLICT.
 */
export async function respondToHitl(deps: DomainDeps, input: RespondHitlInput, actor: Actor): Promise<HitlRequest> {
  const parsed = parseInput(respondHitlInput, input);
  return inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const found = await tx.hitlRequest.findUnique({ where: { id: parsed.hitlRequestId }, select: { taskId: true } });
    if (!found) throw new AppError('NOT_FOUND', 'There is no such HITL request', { field: 'hitlRequestId' });
    // Run → task → request: the order every transaction takes.
    const locked = found.taskId ? await lockRunAndTask(tx, found.taskId) : null;
    await tx.$queryRaw`SELECT id FROM hitl_requests WHERE id = ${parsed.hitlRequestId}::uuid FOR NO KEY UPDATE`;
    const request = await tx.hitlRequest.findUniqueOrThrow({ where: { id: parsed.hitlRequestId } });
    if (request.status !== 'pending') {
      throw new AppError('CONFLICT', `This request was already answered (${request.status})`, { field: 'hitlRequestId' });
    }

    const escalation = isEscalation(request);
    let amendedArtifactId: string | null = null;
    if (parsed.action === 'amend' && !escalation) amendedArtifactId = await storeAmendment(w, request, parsed.amendedContent, actor);

    const status = hitlStatusOfAction[parsed.action];
    const responseContent = parsed.responseContent ?? null;
    const updated = await tx.hitlRequest.update({
      where: { id: request.id },
      data: { status, responseContent, respondedById: actor.userId, respondedAt: new Date() },
    });
    emit({
      type: 'hitl.responded',
      projectId: request.projectId,
      ...(request.runId ? { runId: request.runId } : {}),
      ...(request.taskId ? { taskId: request.taskId } : {}),
      payload: {
        hitlRequestId: request.id,
        status,
        responseContent,
        respondedById: actor.userId,
        ...(amendedArtifactId ? { amendedArtifactId } : {}),
      },
    });

    const task = locked?.task;
    if (task?.status === 'waiting_for_hitl') {
      if (escalation) await answerEscalation(w, deps, task, parsed);
      else await continueTask(w, task, request, parsed);
    }
    return updated;
  });
}

async function continueTask(w: Work, task: LockedTask, request: HitlRequest, answer: RespondHitlInput): Promise<void> {
  if (answer.action === 'reject') {
    await sendBack(w, task, `A reviewer rejected the previous attempt: ${answer.responseContent}`, 'rejected by a reviewer');
    return;
  }
  if (request.kind === 'question') {
    const reply = answer.responseContent || (answer.action === 'amend' ? answer.amendedContent : 'approved');
    await sendBack(w, task, `You asked: ${request.question}\nA person answered: ${reply}`, 'a person answered');
    return;
  }
  await completeTask(w, task, answer.action === 'amend' ? 'amended by a reviewer' : 'approved by a reviewer');
}

async function storeAmendment(w: Work, request: HitlRequest, amendedContent: string, actor: Actor): Promise<string> {
  if (!request.artifactId) {
    throw new AppError('PRECONDITION_FAILED', 'This request has no artifact to amend; approve or reject it', { field: 'action' });
  }
  const original = await w.tx.contextArtifact.findUniqueOrThrow({ where: { id: request.artifactId } });
  let content: unknown;
  try {
    content = JSON.parse(amendedContent);
  } catch (error) {
    throw new AppError('BAD_REQUEST', 'amendedContent must be the artifact as JSON', { field: 'amendedContent', cause: error });
  }
  const handoffType = HandoffType.safeParse(original.handoffType);
  let value: Prisma.InputJsonValue;
  if (handoffType.success) {
    const checked = validateHandoffContent(handoffType.data, content);
    if (!checked.ok) {
      throw new AppError('BAD_REQUEST', `The amended ${handoffType.data} is not valid`, {
        issues: checked.errors.map((issue) => ({
          path: issue.path ? `amendedContent.${issue.path}` : 'amendedContent',
          message: issue.message,
        })),
      });
    }
    value = checked.value;
  } else {
    value = JSON.parse(amendedContent) as Prisma.InputJsonValue;
  }
  const amended = await storeArtifact(w, {
    projectId: original.projectId,
    runId: original.runId,
    taskId: original.taskId,
    sessionId: null,
    logicalKey: original.logicalKey,
    name: original.name,
    artifactType: original.artifactType,
    handoffType: original.handoffType,
    sourceAgent: 'human',
    content: value,
    isSimulated: false,
    createdById: actor.userId,
    sourceArtifactIds: [original.id],
  });
  return amended.id;
}

/**
 * A person hands a task to an agent. A ready task starts on that (idle) agent at once; a
 * pending one will go to it when its dependencies are met, if it is idle then.
 */
export async function assignTask(deps: DomainDeps, input: AssignTaskInput, actor: Actor): Promise<Task> {
  const parsed = parseInput(assignTaskInput, input);
  return inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const locked = await lockRunAndTask(tx, parsed.taskId);
    if (!locked) throw new AppError('NOT_FOUND', 'There is no such task', { field: 'taskId' });
    const { task, run } = locked;
    const [agent] = await tx.$queryRaw<Array<{ id: string; name: string; role: string; status: string; projectId: string | null }>>`
      SELECT id, name, role, status::text AS status, project_id AS "projectId" FROM agents WHERE id = ${parsed.agentId}::uuid FOR NO KEY UPDATE`;
    if (!agent) throw new AppError('NOT_FOUND', 'There is no such agent', { field: 'agentId' });
    if (agent.role !== task.role) {
      throw new AppError('PRECONDITION_FAILED', `The task needs a "${task.role}" agent; this agent is a "${agent.role}"`, {
        field: 'agentId',
      });
    }
    if (agent.projectId !== null && agent.projectId !== task.projectId) {
      throw new AppError('PRECONDITION_FAILED', 'The agent is assigned to another project', { field: 'agentId' });
    }
    if (task.status === 'pending') {
      await tx.task.update({ where: { id: task.id }, data: { assignedAgentId: agent.id } });
      emit({
        type: 'task.assigned',
        projectId: task.projectId,
        taskId: task.id,
        agentId: agent.id,
        ...(task.runId ? { runId: task.runId } : {}),
        payload: { agentName: agent.name, assignedBy: 'user', userId: actor.userId },
      });
    } else if (task.status === 'ready') {
      if (agent.status !== 'idle') throw new AppError('CONFLICT', `The agent is ${agent.status}; pick an idle agent`, { field: 'agentId' });
      if (run && run.status !== 'running')
        throw new AppError('PRECONDITION_FAILED', `The run is ${run.status}; resume it first`, { field: 'taskId' });
      await startAttempt(w, task, agent, { assignedBy: 'user', userId: actor.userId });
    } else {
      throw new AppError('CONFLICT', `The task is ${task.status}; only a pending or ready task can be assigned`, { field: 'taskId' });
    }
    return tx.task.findUniqueOrThrow({ where: { id: task.id } });
  });
}
