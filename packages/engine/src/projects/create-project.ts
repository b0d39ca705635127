import type { z } from 'zod';
import { AppError, createProjectInput } from '@quarterdeck/contracts';
import type { Project, WorkflowRun } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { materialiseRun } from '../runs/materialise-run';
import { inTransaction } from '../unit-of-work/transaction';

/** A name for a project nobody named: the idea's first line, shortened at a word. */
export function nameFromIdea(idea: string): string {
  const firstLine = idea.trim().split('\n')[0]?.trim() ?? '';
  if (firstLine.length <= 60) return firstLine || 'Untitled project';
  const cut = firstLine.slice(0, 60);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > 20 ? cut.slice(0, lastSpace) : cut).trim()}…`;
}

/**
 * An idea becomes a project and its run in one transaction: the project, the team's agents,
 * the run's waves and tasks, the events, and the first execution jobs. With startRun false
 * the run is laid out but stays pending until it is resumed.
 */
export async function createProjectFromIdea(
  deps: DomainDeps,
  input: z.input<typeof createProjectInput>,
  actor: Actor,
): Promise<{ project: Project; run: WorkflowRun }> {
  const parsed = parseInput(createProjectInput, input);
  return inTransaction(deps.db, async (w) => {
    if (!deps.catalog.getWorkflow(parsed.workflowTemplateId)) {
      throw new AppError('NOT_FOUND', `There is no workflow template "${parsed.workflowTemplateId}"`, { field: 'workflowTemplateId' });
    }
    const project = await w.tx.project.create({
      data: {
        name: parsed.name ?? nameFromIdea(parsed.productIdea),
        productIdea: parsed.productIdea,
        description: parsed.description ?? null,
        workflowTemplateId: parsed.workflowTemplateId,
        tokenBudget: parsed.tokenBudget ?? null,
        costBudgetUsd: parsed.costBudgetUsd ?? null,
        repositoryUrl: parsed.repositoryUrl ?? null,
        jiraProjectKey: parsed.jiraProjectKey ?? null,
        confluenceSpaceKey: parsed.confluenceSpaceKey ?? null,
        createdById: actor.userId,
      },
    });
    w.emit({
      type: 'project.created',
      projectId: project.id,
      payload: { name: project.name, productIdea: project.productIdea, workflowTemplateId: project.workflowTemplateId },
    });
    const run = await materialiseRun(w, deps.catalog, {
      project,
      workflowId: parsed.workflowTemplateId,
      ...(parsed.teamId ? { teamId: parsed.teamId } : {}),
      ...(parsed.variables ? { variables: parsed.variables } : {}),
      start: parsed.startRun,
    });
    return { project, run };
  });
}
