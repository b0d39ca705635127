import type { z } from 'zod';
import { AppError, assignTaskInput } from '@quarterdeck/contracts';
import type { Task } from '@quarterdeck/db';
import { parseInput, type Actor, type DomainDeps } from '../deps';
import { taskScope } from '../scope';
import { lockAgent, type LockedRun, type LockedTask } from '../unit-of-work/locks';
import { inTransaction, type Work } from '../unit-of-work/transaction';
import { lockTaskOrThrow } from './lock-task-or-throw';
import { startAttempt } from './start-attempt';
import { stopTaskWork } from './stop-task-work';

/**
 * A person hands a task to a specific agent (the seeds' `task:assign`). A ready task starts
 * on that idle agent at once; a pending one goes to it when its dependencies are met (if it
 * is idle then). A task another agent is working on is reassigned: that attempt stops (it
 * does not count against the task's attempts) and the new agent starts a fresh one.
 */
export async function assignTask(deps: DomainDeps, input: z.input<typeof assignTaskInput>, actor: Actor): Promise<Task> {
  const parsed = parseInput(assignTaskInput, input);
  return inTransaction(deps.db, async (w) => {
    const locked = await lockTaskOrThrow(w, parsed.taskId);
    const { run } = locked;
    let { task } = locked;
    const target = await w.tx.agent.findUnique({ where: { id: parsed.agentId }, select: { name: true, role: true, projectId: true } });
    if (!target) throw new AppError('NOT_FOUND', 'There is no such agent', { field: 'agentId' });
    if (target.role !== task.role) {
      throw new AppError('PRECONDITION_FAILED', `The task needs a "${task.role}" agent; this agent is a "${target.role}"`, {
        field: 'agentId',
      });
    }
    if (target.projectId !== null && target.projectId !== task.projectId) {
      throw new AppError('PRECONDITION_FAILED', 'The agent belongs to another project', { field: 'agentId' });
    }
    if (task.status === 'working' || task.status === 'waiting_for_hitl') {
      if (task.assignedAgentId === parsed.agentId && task.status === 'working') {
        throw new AppError('CONFLICT', 'The task is already with this agent', { field: 'agentId' });
      }
      task = await releaseTask(w, task, `reassigned to ${target.name} by ${actor.userId ? 'a person' : 'the system'}`);
    }
    await giveTo(w, task, run, parsed.agentId, actor);
    return w.tx.task.findUniqueOrThrow({ where: { id: task.id } });
  });
}

/** The task's current attempt stops and the task is ready again, without using up an attempt. */
async function releaseTask(w: Work, task: LockedTask, reason: string): Promise<LockedTask> {
  await stopTaskWork(w, task, reason);
  await w.tx.task.update({ where: { id: task.id }, data: { status: 'ready', retryAt: null, maxAttempts: { increment: 1 } } });
  w.emit({ type: 'task.status_changed', ...taskScope(task), payload: { from: task.status, to: 'ready', attempt: task.attempts, reason } });
  return { ...task, status: 'ready', maxAttempts: task.maxAttempts + 1 };
}

async function giveTo(w: Work, task: LockedTask, run: LockedRun | null, agentId: string, actor: Actor): Promise<void> {
  const agent = await lockAgent(w.tx, agentId);
  if (!agent) throw new AppError('NOT_FOUND', 'There is no such agent', { field: 'agentId' });
  if (task.status === 'pending') {
    await w.tx.task.update({ where: { id: task.id }, data: { assignedAgentId: agent.id } });
    w.emit({
      type: 'task.assigned',
      ...taskScope(task),
      agentId: agent.id,
      payload: { agentName: agent.name, assignedBy: 'user', userId: actor.userId },
    });
    return;
  }
  if (task.status !== 'ready') {
    throw new AppError('CONFLICT', `The task is ${task.status}; retry it before assigning it`, { field: 'taskId' });
  }
  if (agent.status !== 'idle') throw new AppError('CONFLICT', `The agent is ${agent.status}; pick an idle agent`, { field: 'agentId' });
  if (run && run.status !== 'running') {
    throw new AppError('PRECONDITION_FAILED', `The run is ${run.status}; resume it first`, { field: 'taskId' });
  }
  await startAttempt(w, task, agent, { assignedBy: 'user', userId: actor.userId });
}
