import type { z } from 'zod';
import { AppError, createTaskInput, HandoffType } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Task } from '@quarterdeck/db';
import { parseInput, type DomainDeps } from '../deps';
import { advance } from '../runs/advance-run';
import { continueRunInTx } from '../runs/continue-run';
import { lockProject, lockRun } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';

/** What the templates' steps of a role produce and consume: a hand-made task of that role does the same by default. */
export function handoffsOfRole(catalog: TemplateCatalog, role: string): { produces: HandoffType; consumes: HandoffType[] } | null {
  for (const workflow of catalog.workflows) {
    const step = workflow.steps.find((candidate) => candidate.role === role);
    const produces = HandoffType.safeParse(step?.produces);
    if (step && produces.success) {
      return {
        produces: produces.data,
        consumes: step.consumes.filter((type): type is HandoffType => HandoffType.safeParse(type).success),
      };
    }
  }
  return null;
}

/**
 * A hand-made task (seed 003's `POST /tasks`). It is scheduled and executed like a template
 * task: it has a role, produces a handoff (by default what the templates' steps of that role
 * produce), joins its run's wave after its dependencies (or the run's current wave), and is
 * ready at once when nothing it depends on is unfinished. It is not on the critical path
 * unless it says so, so its failure does not pause the run. A task added to a completed run
 * reopens the run.
 */
export async function createTask(deps: DomainDeps, input: z.input<typeof createTaskInput>): Promise<Task> {
  const parsed = parseInput(createTaskInput, input);
  const defaults = handoffsOfRole(deps.catalog, parsed.role);
  const produces = parsed.produces ?? defaults?.produces;
  if (produces === undefined) {
    throw new AppError('BAD_REQUEST', `No workflow step has the role "${parsed.role}"; say which handoff the task produces.`, {
      field: 'produces',
    });
  }
  const consumes = parsed.consumes ?? defaults?.consumes ?? ['idea_brief'];
  return inTransaction(deps.db, async (w) => {
    const { tx, emit } = w;
    const run = parsed.runId === undefined ? null : await lockRun(tx, parsed.runId);
    if (parsed.runId !== undefined && (run === null || run.projectId !== parsed.projectId)) {
      throw new AppError('BAD_REQUEST', 'runId does not name a run of this project.', { field: 'runId' });
    }
    if (!(await lockProject(tx, parsed.projectId))) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
    if (run?.status === 'cancelled') {
      throw new AppError('PRECONDITION_FAILED', 'The run is cancelled; resume it before adding tasks to it.', { field: 'runId' });
    }
    const dependencies = await tx.task.findMany({
      where: { id: { in: parsed.dependsOn }, projectId: parsed.projectId },
      select: { id: true, status: true, runId: true, wave: { select: { number: true } } },
    });
    if (dependencies.length !== parsed.dependsOn.length) {
      throw new AppError('BAD_REQUEST', 'dependsOn names tasks that are not in this project.', { field: 'dependsOn' });
    }
    const waveId = run === null ? null : await waveFor(w, run.id, dependencies);
    const waiting = dependencies.some((dependency) => dependency.status !== 'completed');
    if (run !== null) await continueRunInTx(w, run, 'a task was added to the completed run', ['completed']);
    const task = await tx.task.create({
      data: {
        projectId: parsed.projectId,
        runId: run?.id ?? null,
        waveId,
        title: parsed.title,
        instructions: parsed.instructions,
        role: parsed.role,
        priority: parsed.priority,
        category: parsed.category ?? null,
        lane: parsed.lane ?? null,
        requiresReview: parsed.requiresReview,
        onCriticalPath: parsed.critical,
        produces: [produces],
        consumes,
        status: waiting ? 'pending' : 'ready',
        ...(parsed.maxAttempts === undefined ? {} : { maxAttempts: parsed.maxAttempts }),
        dependsOn: { create: parsed.dependsOn.map((dependsOnTaskId) => ({ dependsOnTaskId })) },
      },
    });
    const wave = waveId === null ? null : await tx.wave.findUnique({ where: { id: waveId }, select: { number: true } });
    emit({
      type: 'task.created',
      projectId: task.projectId,
      taskId: task.id,
      ...(task.runId ? { runId: task.runId } : {}),
      payload: { title: task.title, role: task.role, priority: task.priority, waveNumber: wave?.number ?? null, stepId: null },
    });
    await advance(w, task.runId);
    return tx.task.findUniqueOrThrow({ where: { id: task.id } });
  });
}

/** The wave right after the task's latest dependency in the run, or the run's current wave; created when it does not exist yet. */
async function waveFor(
  w: Work,
  runId: string,
  dependencies: Array<{ runId: string | null; wave: { number: number } | null }>,
): Promise<string> {
  const inRun = dependencies.filter((dependency) => dependency.runId === runId && dependency.wave !== null);
  let number: number;
  if (inRun.length > 0) {
    number = Math.max(...inRun.map((dependency) => dependency.wave?.number ?? 0)) + 1;
  } else {
    const current = await w.tx.workflowRun.findUniqueOrThrow({ where: { id: runId }, select: { currentWave: true } });
    number = current.currentWave;
  }
  const wave = await w.tx.wave.upsert({
    where: { runId_number: { runId, number } },
    create: { runId, number },
    update: {},
    select: { id: true },
  });
  return wave.id;
}
