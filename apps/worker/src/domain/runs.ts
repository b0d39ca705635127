import { AppError, runActionInput, startRunInput, TaskStatus, type RunActionInput, type StartRunInput } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { WorkflowRun } from '@quarterdeck/db';
import { materialiseRun } from '../engine/materialise';
import { advance, stepMaxAttempts } from '../engine/outcomes';
import { lockRun, type LockedRun } from '../engine/rows';
import { assignReadyTasks } from '../engine/scheduling';
import { inTransaction, type Work } from '../engine/tx';
import { parseInput, type Actor, type DomainDeps } from './deps';

const FINISHED_RUN = ['completed', 'cancelled'];

export async function startRun(deps: DomainDeps, input: StartRunInput, actor: Actor): Promise<WorkflowRun> {
  const parsed = parseInput(startRunInput, input);
  return inTransaction(deps.db, async (w) => {
    const project = await w.tx.project.findUnique({ where: { id: parsed.projectId } });
    if (!project) throw new AppError('NOT_FOUND', 'There is no such project', { field: 'projectId' });
    if (project.status === 'cancelled') throw new AppError('PRECONDITION_FAILED', 'The project is cancelled', { field: 'projectId' });
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

async function lockedRunOrThrow(w: Work, runId: string): Promise<LockedRun> {
  const run = await lockRun(w.tx, runId);
  if (!run) throw new AppError('NOT_FOUND', 'There is no such run', { field: 'runId' });
  return run;
}

export async function pauseRunInTx(w: Work, run: LockedRun, reason: string): Promise<void> {
  if (run.status !== 'running' && run.status !== 'pending') return;
  await w.tx.workflowRun.update({ where: { id: run.id }, data: { status: 'paused', statusReason: reason } });
  w.emit({ type: 'run.paused', projectId: run.projectId, runId: run.id, payload: { reason } });
}

/**
 * Resumes a paused, failed or never-started run. Failed tasks get fresh attempts (as many
 * as their step allows) and the tasks cancelled because of them are pending again.
 */
export async function resumeRunInTx(w: Work, catalog: TemplateCatalog, run: LockedRun, reason: string | undefined): Promise<void> {
  const { tx, emit } = w;
  if (run.status === 'running') return;
  if (FINISHED_RUN.includes(run.status))
    throw new AppError('CONFLICT', `The run is ${run.status}; it cannot be resumed`, { field: 'runId' });
  const project = await tx.project.findUniqueOrThrow({ where: { id: run.projectId }, select: { status: true } });
  if (project.status === 'cancelled') throw new AppError('PRECONDITION_FAILED', 'The project is cancelled', { field: 'runId' });
  if (project.status !== 'active') {
    await tx.project.update({ where: { id: run.projectId }, data: { status: 'active', completedAt: null } });
    emit({
      type: 'project.status_changed',
      projectId: run.projectId,
      payload: { from: project.status, to: 'active', reason: 'a run was resumed' },
    });
  }

  const retried = await tx.task.findMany({
    where: { runId: run.id, status: { in: ['failed', 'cancelled'] } },
    select: { id: true, status: true, attempts: true, stepId: true },
  });
  for (const task of retried) {
    const maxAttempts = task.attempts + stepMaxAttempts(catalog, run.workflowId, task.stepId);
    await tx.task.update({
      where: { id: task.id },
      data: { status: 'pending', maxAttempts, retryAt: null, completedAt: null },
    });
    emit({
      type: 'task.status_changed',
      projectId: run.projectId,
      runId: run.id,
      taskId: task.id,
      payload: { from: task.status, to: 'pending', attempt: task.attempts, reason: 'the run was resumed' },
    });
  }
  await tx.$executeRaw`
    UPDATE waves w SET status = 'running', completed_at = NULL
    WHERE w.run_id = ${run.id}::uuid AND w.status IN ('failed', 'completed')
      AND EXISTS (SELECT 1 FROM tasks t WHERE t.wave_id = w.id AND t.status NOT IN ('completed', 'failed', 'cancelled'))`;
  await tx.workflowRun.update({
    where: { id: run.id },
    data: { status: 'running', statusReason: null, completedAt: null, ...(run.startedAt ? {} : { startedAt: new Date() }) },
  });
  if (run.status === 'pending') {
    const waveCount = await tx.wave.count({ where: { runId: run.id } });
    const team = await tx.workflowRun.findUniqueOrThrow({ where: { id: run.id }, select: { teamId: true } });
    emit({
      type: 'run.started',
      projectId: run.projectId,
      runId: run.id,
      payload: { workflowId: run.workflowId, teamId: team.teamId, waveCount },
    });
  } else {
    emit({ type: 'run.resumed', projectId: run.projectId, runId: run.id, payload: reason ? { reason } : {} });
  }
  await advance(w, run.id);
}

/**
 * Stops a run for good: unfinished tasks are cancelled, running sessions terminated (their
 * workers notice within a poll and abort), pending HITL requests expire, agents are freed.
 */
export async function stopRunInTx(w: Work, run: LockedRun, outcome: { to: 'cancelled' | 'completed'; reason: string }): Promise<void> {
  const { tx, emit } = w;
  if (FINISHED_RUN.includes(run.status)) return;
  const scope = { projectId: run.projectId, runId: run.id };
  const cancelled = await tx.$queryRaw<Array<{ id: string; from: string; attempts: number; agentId: string | null }>>`
    UPDATE tasks t SET status = 'cancelled', updated_at = now()
    FROM tasks old
    WHERE old.id = t.id AND t.run_id = ${run.id}::uuid AND t.status NOT IN ('completed', 'failed', 'cancelled')
    RETURNING t.id, old.status::text AS "from", t.attempts, t.assigned_agent_id AS "agentId"`;
  for (const task of cancelled) {
    emit({
      type: 'task.status_changed',
      ...scope,
      taskId: task.id,
      payload: { from: TaskStatus.parse(task.from), to: 'cancelled', attempt: task.attempts, reason: outcome.reason },
    });
  }
  const sessions = await tx.agentSession.findMany({
    where: { runId: run.id, status: 'running' },
    select: { id: true, taskId: true, agentId: true, startedAt: true, _count: { select: { iterations: true } } },
  });
  for (const session of sessions) {
    await tx.agentSession.update({
      where: { id: session.id },
      data: { status: 'terminated', stopReason: outcome.reason, endedAt: new Date() },
    });
    await tx.iteration.updateMany({ where: { sessionId: session.id, status: 'running' }, data: { status: 'failed', endedAt: new Date() } });
    emit({
      type: 'session.ended',
      ...scope,
      taskId: session.taskId,
      agentId: session.agentId,
      sessionId: session.id,
      payload: {
        status: 'terminated',
        stopReason: outcome.reason,
        durationMs: Date.now() - session.startedAt.getTime(),
        iterationCount: session._count.iterations,
      },
    });
  }
  const freed = await tx.$queryRaw<Array<{ id: string; taskId: string }>>`
    UPDATE agents SET status = 'idle', current_task_id = NULL, updated_at = now()
    FROM tasks t
    WHERE agents.current_task_id = t.id AND t.run_id = ${run.id}::uuid
    RETURNING agents.id, t.id AS "taskId"`;
  for (const agent of freed) {
    emit({
      type: 'agent.status_changed',
      agentId: agent.id,
      payload: { from: 'working', to: 'idle', taskId: agent.taskId, reason: outcome.reason },
    });
  }
  const expired = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE hitl_requests SET status = 'expired', response_content = ${outcome.reason}, responded_at = now(), updated_at = now()
    WHERE run_id = ${run.id}::uuid AND status = 'pending'
    RETURNING id`;
  for (const request of expired) {
    emit({ type: 'hitl.expired', projectId: run.projectId, payload: { hitlRequestId: request.id, timeoutAction: 'fail' } });
  }
  await tx.workflowRun.update({
    where: { id: run.id },
    data: { status: outcome.to, statusReason: outcome.reason, completedAt: new Date() },
  });
  if (outcome.to === 'cancelled') {
    emit({ type: 'run.cancelled', ...scope, payload: { reason: outcome.reason } });
  } else {
    const counts = await tx.task.groupBy({ by: ['status'], where: { runId: run.id }, _count: true });
    const countOf = (status: string) => counts.find((row) => row.status === status)?._count ?? 0;
    emit({
      type: 'run.completed',
      ...scope,
      payload: {
        durationMs: run.startedAt ? Date.now() - run.startedAt.getTime() : 0,
        completedTasks: countOf('completed'),
        failedTasks: countOf('failed'),
      },
    });
  }
  // The freed agents can serve other projects' ready tasks right away.
  await assignReadyTasks(w);
}

export async function pauseRun(deps: DomainDeps, input: RunActionInput, actor: Actor): Promise<WorkflowRun> {
  const parsed = parseInput(runActionInput, input);
  return inTransaction(deps.db, async (w) => {
    const run = await lockedRunOrThrow(w, parsed.runId);
    if (FINISHED_RUN.includes(run.status) || run.status === 'failed') {
      throw new AppError('CONFLICT', `The run is ${run.status}; only a running run can be paused`, { field: 'runId' });
    }
    await pauseRunInTx(w, run, parsed.reason || `Paused by ${actor.userId ? 'a person' : 'the system'}`);
    return w.tx.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
  });
}

export async function resumeRun(deps: DomainDeps, input: RunActionInput, _actor: Actor): Promise<WorkflowRun> {
  const parsed = parseInput(runActionInput, input);
  return inTransaction(deps.db, async (w) => {
    const run = await lockedRunOrThrow(w, parsed.runId);
    await resumeRunInTx(w, deps.catalog, run, parsed.reason || undefined);
    return w.tx.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
  });
}

export async function cancelRun(deps: DomainDeps, input: RunActionInput, actor: Actor): Promise<WorkflowRun> {
  const parsed = parseInput(runActionInput, input);
  return inTransaction(deps.db, async (w) => {
    const run = await lockedRunOrThrow(w, parsed.runId);
    if (run.status === 'completed') throw new AppError('CONFLICT', 'The run has completed; it cannot be cancelled', { field: 'runId' });
    await stopRunInTx(w, run, { to: 'cancelled', reason: parsed.reason || `Cancelled by ${actor.userId ? 'a person' : 'the system'}` });
    return w.tx.workflowRun.findUniqueOrThrow({ where: { id: run.id } });
  });
}
