import type { z } from 'zod';
import { AppError, createConversationInput } from '@quarterdeck/contracts';
import type { Conversation } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { lockProject } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

/** The default panel: the personas of the discussion-panel team. */
const DEFAULT_PANEL_TEAM = 'discussion-panel';
const TITLE_LENGTH = 80;

/** A stand-alone discussion with its goal and panel. */
export async function createConversation(deps: DomainDeps, input: z.input<typeof createConversationInput>): Promise<Conversation> {
  const parsed = parseInput(createConversationInput, input);
  const participants = parsed.participants ?? deps.catalog.getTeam(DEFAULT_PANEL_TEAM)?.agents.map((member) => member.agent) ?? [];
  if (participants.length === 0)
    throw new AppError('BAD_REQUEST', 'A discussion needs at least one participant.', { field: 'participants' });
  const title =
    parsed.title ??
    (parsed.goalDescription.length > TITLE_LENGTH ? `${parsed.goalDescription.slice(0, TITLE_LENGTH - 1)}…` : parsed.goalDescription);
  return inTransaction(deps.db, async ({ tx, emit }) => {
    if (parsed.projectId !== undefined && !(await lockProject(tx, parsed.projectId))) {
      throw new AppError('BAD_REQUEST', 'projectId does not name an existing project.', { field: 'projectId' });
    }
    const conversation = await tx.conversation.create({
      data: { title, goalDescription: parsed.goalDescription, participants, projectId: parsed.projectId ?? null },
    });
    emit({
      type: 'conversation.created',
      ...(conversation.projectId ? { projectId: conversation.projectId } : {}),
      payload: { conversationId: conversation.id, title, goalDescription: conversation.goalDescription, participants },
    });
    return conversation;
  });
}
