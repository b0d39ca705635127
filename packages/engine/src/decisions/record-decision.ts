import type { z } from 'zod';
import { AppError, dissentOf, recordDecisionInput } from '@quarterdeck/contracts';
import { parseInput, type DomainDeps } from '../deps';
import { inTransaction } from '../unit-of-work/transaction';

/** Records a decision with its votes; dissent is derived from the votes that went another way. Returns its id. */
export async function recordDecision(deps: DomainDeps, input: z.input<typeof recordDecisionInput>): Promise<{ id: string }> {
  const parsed = parseInput(recordDecisionInput, input);
  return inTransaction(deps.db, async ({ tx, emit }) => {
    const conversation = parsed.conversationId
      ? await tx.conversation.findUnique({ where: { id: parsed.conversationId }, select: { projectId: true, runId: true } })
      : null;
    if (parsed.conversationId && !conversation) {
      throw new AppError('BAD_REQUEST', 'conversationId does not name an existing conversation.', { field: 'conversationId' });
    }
    const projectId = parsed.projectId ?? conversation?.projectId ?? null;
    const runId = parsed.runId ?? conversation?.runId ?? null;
    if (projectId && !(await tx.project.findUnique({ where: { id: projectId }, select: { id: true } }))) {
      throw new AppError('BAD_REQUEST', 'projectId does not name an existing project.', { field: 'projectId' });
    }
    if (runId && !(await tx.workflowRun.findUnique({ where: { id: runId }, select: { id: true } }))) {
      throw new AppError('BAD_REQUEST', 'runId does not name an existing run.', { field: 'runId' });
    }
    const dissent = dissentOf(parsed.votes, parsed.chosenVariantId);
    const decision = await tx.decision.create({
      data: {
        projectId,
        runId,
        conversationId: parsed.conversationId ?? null,
        problem: parsed.problem,
        description: parsed.description ?? null,
        variants: parsed.variants,
        chosenVariantId: parsed.chosenVariantId ?? null,
        justification: parsed.justification ?? null,
        dissent,
        votes: {
          create: parsed.votes.map((vote) => ({
            voterName: vote.voterName,
            agentId: vote.agentId ?? null,
            variantId: vote.variantId,
            reason: vote.reason,
          })),
        },
      },
      select: { id: true, conversationId: true, problem: true, chosenVariantId: true },
    });
    emit({
      type: 'decision.recorded',
      ...(projectId ? { projectId } : {}),
      ...(runId ? { runId } : {}),
      payload: {
        decisionId: decision.id,
        conversationId: decision.conversationId,
        problem: decision.problem,
        chosenVariantId: decision.chosenVariantId,
        voteCount: parsed.votes.length,
        dissentCount: dissent.length,
      },
    });
    return { id: decision.id };
  });
}
