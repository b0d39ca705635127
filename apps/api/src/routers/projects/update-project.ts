import type { UpdateProjectInput } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { recordEvent } from '../../events/record-event';
import { notFound } from '../not-found';
import { projectSelect } from './list-projects';

/** Edits a project's own fields; status changes go through pause / resume / cancel, which also move its runs. */
export async function updateProjectFields(db: Db, input: Omit<UpdateProjectInput, 'status'>) {
  const { projectId, ...fields } = input;
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return db.$transaction(async (tx) => {
    const existing = await tx.project.findUnique({ where: { id: projectId }, select: { id: true } });
    if (!existing) throw notFound('project', 'projectId');
    const project = await tx.project.update({ where: { id: projectId }, data: changes, select: projectSelect });
    await recordEvent(tx, { type: 'project.updated', projectId, payload: { changedFields: Object.keys(changes) } });
    return project;
  });
}
