import type { RespondHitlInput } from '@quarterdeck/contracts';
import type { HitlRequest } from '@quarterdeck/db';
import { changeAgentStatus } from '../agents/change-agent-status';
import { domainFailureConfig, type DomainDeps } from '../deps';
import { applyFailurePolicy } from '../tasks/apply-failure-policy';
import { assignReadyTasks } from '../tasks/assign-ready-tasks';
import { sendBack } from '../tasks/send-back';
import type { LockedTask } from '../unit-of-work/locks';
import type { Work } from '../unit-of-work/transaction';

// An escalation asks a person what to do with a task that could not go on by itself: the
// watchdog stopped its agent (the finding is already the task's feedback), or a question
// nobody answered in time. There is no artifact to approve or amend, so the three answers
// mean: approve → retry, amend → retry with new instructions, reject → abandon the task.

/** An escalation without an artifact; a timed-out review (kind escalation, with its artifact) stays a review. */
export function isEscalation(request: Pick<HitlRequest, 'kind' | 'artifactId'>): boolean {
  return request.kind === 'escalation' && request.artifactId === null;
}

export async function answerEscalation(w: Work, deps: DomainDeps, task: LockedTask, answer: RespondHitlInput): Promise<void> {
  // The agent was shown stuck "until a person answers": it is free again either way, and
  // must be idle before the retry is assigned so that it can take the task itself.
  if (task.assignedAgentId !== null) {
    await changeAgentStatus(w, {
      agentId: task.assignedAgentId,
      from: 'stuck',
      to: 'idle',
      taskId: task.id,
      reason: `a person answered the escalation (${answer.action})`,
      currentTask: 'clear',
    });
  }

  if (answer.action === 'reject') {
    // Not retryable: the failure policy decides what an abandoned task blocks (a paused run
    // on the critical path, cancelled dependants off it).
    await applyFailurePolicy(w, { catalog: deps.catalog, config: domainFailureConfig }, task, {
      reason: `abandoned by a person: ${answer.responseContent}`,
      retryable: false,
    });
    await assignReadyTasks(w);
    return;
  }

  let feedback = task.feedback;
  if (answer.action === 'amend') {
    // The new instructions: the response text when given, else the amended content (the
    // field the dashboard's amend form fills, and the one an amendment must carry).
    const instructions = answer.responseContent || answer.amendedContent;
    await w.tx.task.update({ where: { id: task.id }, data: { instructions } });
  } else if (answer.responseContent) {
    const comment = `A person approved the retry and added: ${answer.responseContent}`;
    feedback = feedback ? `${feedback}\n\n${comment}` : comment;
  }
  // sendBack grants one more attempt: the retry a person asked for is a fresh one, even when
  // the watchdog escalated because the attempts had run out.
  await sendBack(
    w,
    task,
    feedback,
    answer.action === 'amend' ? 'retry with amended instructions after an escalation' : 'retry approved after an escalation',
  );
}
