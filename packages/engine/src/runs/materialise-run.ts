import { AppError } from '@quarterdeck/contracts';
import {
  computeWaves,
  MissingVariablesError,
  renderWorkflow,
  validateTeamForWorkflow,
  type TemplateCatalog,
} from '@quarterdeck/contracts/templates';
import type { WorkflowRun } from '@quarterdeck/db';
import { createTeamAgents } from '../agents/create-team-agents';
import type { Work } from '../unit-of-work/transaction';
import { advance } from './advance-run';

export interface MaterialiseRunInput {
  project: { id: string; name: string; productIdea: string };
  workflowId: string;
  teamId?: string;
  variables?: Record<string, string>;
  /** false leaves the run pending (nothing runs until it is resumed). */
  start: boolean;
}

/**
 * Lays a workflow out as a run: tasks from its steps (instructions rendered with the
 * variables), waves from the dependency layers, task dependencies, and the team's agents
 * for every role the project has no agent for yet. A started run's first tasks are
 * assigned and their jobs queued in the same transaction.
 */
export async function materialiseRun(w: Work, catalog: TemplateCatalog, input: MaterialiseRunInput): Promise<WorkflowRun> {
  const { tx, emit } = w;
  const workflow = catalog.getWorkflow(input.workflowId);
  if (!workflow) throw new AppError('NOT_FOUND', `There is no workflow template "${input.workflowId}"`, { field: 'workflowId' });
  const teamId = input.teamId ?? workflow.team;
  const team = catalog.getTeam(teamId);
  if (!team) throw new AppError('NOT_FOUND', `There is no team template "${teamId}"`, { field: 'teamId' });

  let rendered;
  try {
    rendered = renderWorkflow(workflow, {
      product_idea: input.project.productIdea,
      project_name: input.project.name,
      ...input.variables,
    });
  } catch (error) {
    if (error instanceof MissingVariablesError) {
      throw new AppError('BAD_REQUEST', error.message, {
        issues: error.missing.map((name) => ({ path: `variables.${name}`, message: 'is required by the workflow' })),
        cause: error,
      });
    }
    throw error;
  }

  const compatibility = validateTeamForWorkflow(team, workflow, catalog.agentTemplates);
  if (!compatibility.compatible) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `Team "${team.id}" cannot run workflow "${workflow.id}": it has no agent for ${compatibility.missingRoles.join(', ')}`,
      { field: 'teamId' },
    );
  }
  await createTeamAgents(w, catalog, team, input.project);

  const layers = computeWaves(workflow);
  const now = new Date();
  const run = await tx.workflowRun.create({
    data: {
      projectId: input.project.id,
      workflowId: workflow.id,
      teamId: team.id,
      status: input.start ? 'running' : 'pending',
      variables: rendered.values,
      startedAt: input.start ? now : null,
    },
  });
  const waveIds = new Map<string, { id: string; number: number; size: number }>();
  for (const [number, stepIds] of layers.entries()) {
    const wave = await tx.wave.create({ data: { runId: run.id, number }, select: { id: true } });
    for (const stepId of stepIds) waveIds.set(stepId, { id: wave.id, number, size: stepIds.length });
  }

  const taskIds = new Map<string, string>();
  for (const step of rendered.steps) {
    const wave = waveIds.get(step.id);
    const task = await tx.task.create({
      data: {
        projectId: input.project.id,
        runId: run.id,
        waveId: wave?.id ?? null,
        stepId: step.id,
        title: step.name,
        role: step.role,
        instructions: step.instructions,
        priority: step.critical ? 'high' : 'medium',
        // Steps that share a wave are parallel lanes (the coders); the lane is the step.
        lane: wave && wave.size > 1 ? step.id : null,
        maxAttempts: step.retry.maxAttempts,
        onCriticalPath: step.critical,
        requiresReview: step.requiresReview,
        consumes: step.consumes,
        produces: [step.produces],
      },
      select: { id: true, priority: true },
    });
    taskIds.set(step.id, task.id);
    emit({
      type: 'task.created',
      projectId: input.project.id,
      runId: run.id,
      taskId: task.id,
      payload: { title: step.name, role: step.role, priority: task.priority, waveNumber: wave?.number ?? null, stepId: step.id },
    });
  }
  const dependencies = rendered.steps.flatMap((step) =>
    step.dependsOn.map((dependency) => ({ taskId: taskIds.get(step.id) ?? '', dependsOnTaskId: taskIds.get(dependency) ?? '' })),
  );
  if (dependencies.length > 0) await tx.taskDependency.createMany({ data: dependencies });

  if (input.start) {
    emit({
      type: 'run.started',
      projectId: input.project.id,
      runId: run.id,
      payload: { workflowId: workflow.id, teamId: team.id, waveCount: layers.length },
    });
    await advance(w, run.id);
  }
  return tx.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
}
