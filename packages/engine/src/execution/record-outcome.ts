import { artifactTypeOfHandoff, validateHandoffContent } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import { freeAgent } from '../agents/change-agent-status';
import { logicalKeyOf, storeArtifact } from '../artifacts/store-artifact';
import type { EngineConfig } from '../config';
import { applyFailurePolicy } from '../tasks/apply-failure-policy';
import { assignReadyTasks } from '../tasks/assign-ready-tasks';
import { completeTask } from '../tasks/complete-task';
import { requestHuman } from '../tasks/request-human';
import { lockRunAndTask, lockSession } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';
import type { Claim } from './claim-attempt';
import { endSession, type SessionScope } from './end-session';
import type { ExecutionOutcome } from './execution-types';

export interface RecordOutcomeDeps {
  db: Db;
  workerId: string;
  catalog: TemplateCatalog;
  config: EngineConfig;
}

/**
 * The end of an attempt: the executor's outcome becomes state in one transaction. Completed
 * content is validated against the step's handoff schema and stored as the next version of
 * the step's artifact (with lineage to its inputs), then the task completes or waits for its
 * review; a question waits for a person; a failure goes to the failure policy. Nothing
 * happens if the session was terminated, cancelled or taken over meanwhile.
 */
export async function recordOutcome(deps: RecordOutcomeDeps, claim: Claim, outcome: ExecutionOutcome): Promise<void> {
  await inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const locked = await lockRunAndTask(tx, claim.task.id);
    const session = await lockSession(tx, claim.sessionId);
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
