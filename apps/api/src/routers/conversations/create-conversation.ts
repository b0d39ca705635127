import { AppError, prepareJob, type CreateConversationInput } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { conversationSelect } from './conversation-select';

/** The default panel: the five personas of the discussion-panel team. */
const DEFAULT_PANEL_TEAM = 'discussion-panel';
const TITLE_LENGTH = 80;

/**
 * A stand-alone discussion. The first discussion turn is queued in the same transaction,
 * so the panel starts talking as soon as a worker is free.
 */
export async function createConversation(deps: { db: Db; catalog: TemplateCatalog }, input: CreateConversationInput) {
  const participants = input.participants ?? deps.catalog.getTeam(DEFAULT_PANEL_TEAM)?.agents.map((member) => member.agent) ?? [];
  if (participants.length === 0)
    throw new AppError('BAD_REQUEST', 'A discussion needs at least one participant.', { field: 'participants' });
  const title =
    input.title ??
    (input.goalDescription.length > TITLE_LENGTH ? `${input.goalDescription.slice(0, TITLE_LENGTH - 1)}…` : input.goalDescription);
  return deps.db.$transaction(async (tx) => {
    if (input.projectId !== undefined) {
      const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
      if (!project) throw new AppError('BAD_REQUEST', 'projectId does not name an existing project.', { field: 'projectId' });
    }
    const conversation = await tx.conversation.create({
      data: { title, goalDescription: input.goalDescription, participants, projectId: input.projectId ?? null },
      select: conversationSelect,
    });
    await recordEvent(tx, {
      type: 'conversation.created',
      ...(conversation.projectId ? { projectId: conversation.projectId } : {}),
      payload: { conversationId: conversation.id, title, goalDescription: conversation.goalDescription, participants },
    });
    await enqueueDiscussionTurn(tx, conversation.id);
    return conversation;
  });
}

export async function enqueueDiscussionTurn(tx: Pick<Db, '$queryRawUnsafe'>, conversationId: string): Promise<void> {
  const job = prepareJob('discussion_turn', { conversationId });
  await tx.$queryRawUnsafe(
    'SELECT graphile_worker.add_job($1, $2::json, max_attempts => $3, job_key => $4)',
    job.identifier,
    JSON.stringify(job.payload),
    job.options.maxAttempts,
    job.options.jobKey ?? null,
  );
}
