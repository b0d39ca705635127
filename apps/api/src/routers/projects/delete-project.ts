import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';

/**
 * Deletes a project and everything it owns (runs, tasks, artifacts, requests cascade). Its
 * queued jobs find their rows gone and end; the event log keeps the history.
 */
export async function deleteProject(db: Db, projectId: string) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { id: true, name: true } });
    if (!project) throw notFound('project', 'projectId');
    await tx.project.delete({ where: { id: projectId }, select: { id: true } });
    await recordEvent(tx, { type: 'project.deleted', projectId, payload: { name: project.name } });
    return { id: project.id, deleted: true as const };
  });
}
