import type { z } from 'zod';
import { AppError, startRunInput } from '@quarterdeck/contracts';
import type { WorkflowRun } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { lockProject } from '../unit-of-work/locks';
import { inTransaction } from '../unit-of-work/transaction';
import { materialiseRun } from './materialise-run';

/** A new run of any workflow template for an existing project; a finished project becomes active again. */
export async function startRun(deps: DomainDeps, input: z.input<typeof startRunInput>, actor: Actor): Promise<WorkflowRun> {
  const parsed = parseInput(startRunInput, input);
  return inTransaction(deps.db, async (w) => {
    if (!(await lockProject(w.tx, parsed.projectId))) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
    const project = await w.tx.project.findUniqueOrThrow({ where: { id: parsed.projectId } });
    if (project.status !== 'active') {
      await w.tx.project.update({ where: { id: project.id }, data: { status: 'active', completedAt: null } });
      w.emit({
        type: 'project.status_changed',
        projectId: project.id,
        payload: { from: project.status, to: 'active', reason: `a new run was started${actor.userId ? ' by a person' : ''}` },
      });
    }
    return materialiseRun(w, deps.catalog, {
      project,
      workflowId: parsed.workflowId,
      ...(parsed.teamId ? { teamId: parsed.teamId } : {}),
      ...(parsed.variables ? { variables: parsed.variables } : {}),
      start: true,
    });
  });
}
