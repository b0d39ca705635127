import type { z } from 'zod';
import {
  AppError,
  HandoffType,
  hitlStatusOfAction,
  respondHitlInput,
  validateHandoffContent,
  type RespondHitlInput,
} from '@quarterdeck/contracts';
import type { HitlRequest, Prisma } from '@quarterdeck/db';
import { storeArtifact } from '../artifacts/store-artifact';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { completeTask } from '../tasks/complete-task';
import { sendBack } from '../tasks/send-back';
import { lockHitlRequest, lockRunAndTask, type LockedTask } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';
import { answerEscalation, isEscalation } from './answer-escalation';

/**
 * A person answers a HITL request. Approve: the task completes (or, for a question, runs
 * again with the answer). Reject: the task goes back with the reason as feedback in its next
 * prompt. Amend: the person's content is stored as the artifact's next version (lineage to
 * the agent's) and the run continues from it. An escalation (no artifact: the watchdog
 * stopped the agent, or a question timed out) is answered differently, see
 * `answerEscalation`. A request is answered once; again → CONFLICT.
 */
export async function respondToHitl(deps: DomainDeps, input: z.input<typeof respondHitlInput>, actor: Actor): Promise<HitlRequest> {
  const parsed = parseInput(respondHitlInput, input);
  return inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const found = await tx.hitlRequest.findUnique({ where: { id: parsed.hitlRequestId }, select: { taskId: true } });
    if (!found) throw new AppError('NOT_FOUND', 'There is no such HITL request', { field: 'hitlRequestId' });
    // Run → task → request: the engine's lock order.
    const locked = found.taskId ? await lockRunAndTask(tx, found.taskId) : null;
    await lockHitlRequest(tx, parsed.hitlRequestId);
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
