import type { z } from 'zod';
import { AppError, updateProjectInput } from '@quarterdeck/contracts';
import type { Project } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { lockProject } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';

/** Edits a project's own fields; status changes go through pause / resume / cancel, which also move its runs. */
export async function updateProjectFields(deps: DomainDeps, input: Omit<z.input<typeof updateProjectInput>, 'status'>): Promise<Project> {
  const { projectId, status: _status, ...fields } = parseInput(updateProjectInput, input);
  const changes = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return inTransaction(deps.db, async ({ tx, emit }) => {
    if (!(await lockProject(tx, projectId))) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
    const project = await tx.project.update({ where: { id: projectId }, data: changes });
    emit({ type: 'project.updated', projectId, payload: { changedFields: Object.keys(changes) } });
    return project;
  });
}
