import { z } from 'zod';
import { TaskPriority, TaskStatus, VerificationStatus } from '../enums';
import { HandoffType } from '../handoff';
import { entityId, identifier, requiredText, uniqueIds, wholeNumber } from '../primitives';
import { paginationShape } from './pagination';
import { requireSomeChange } from './refinements';

// Tasks: the unit of work handed to one agent. Most are made by the orchestrator from a
// workflow step; these inputs cover the hand-made ones and what a person may change.

const lane = identifier;
const category = identifier;

export const listTasksInput = z.strictObject({
  projectId: entityId.optional(),
  runId: entityId.optional(),
  status: TaskStatus.optional(),
  priority: TaskPriority.optional(),
  /** The wave's number within its run (0 is the first wave). */
  waveNumber: wholeNumber({ min: 0, max: 10_000 }).optional(),
  lane: lane.optional(),
  assignedAgentId: entityId.optional(),
  ...paginationShape,
});
export type ListTasksInput = z.infer<typeof listTasksInput>;

export const createTaskInput = z.strictObject({
  projectId: entityId,
  runId: entityId.optional(),
  title: requiredText(200),
  instructions: requiredText(50_000),
  /** The agent role that may take the task, e.g. "coder". */
  role: identifier,
  priority: TaskPriority.default('medium'),
  category: category.optional(),
  lane: lane.optional(),
  /** Tasks (of the same project) that must complete before this one becomes ready. */
  dependsOn: uniqueIds(100).default([]),
  requiresReview: z.boolean().default(false),
  maxAttempts: wholeNumber({ min: 1, max: 20 }).optional(),
  /** The handoff the task must produce; by default what the workflow templates' steps of this role produce. */
  produces: HandoffType.optional(),
  /** The handoffs it receives; by default what the templates' steps of this role consume. */
  consumes: z.array(HandoffType).max(20).optional(),
  /** A failure of a critical task pauses its run; a hand-made task is not critical unless it says so. */
  critical: z.boolean().default(false),
});
export type CreateTaskInput = z.infer<typeof createTaskInput>;

/**
 * A person's edit of a task's own fields. Status and assignee are not fields: they change
 * only through the named actions (cancel, retry, skip, assign / reassign), which keep the
 * run, the agent and the dependants consistent.
 */
export const updateTaskInput = z
  .strictObject({
    taskId: entityId,
    title: requiredText(200).optional(),
    instructions: requiredText(50_000).optional(),
    priority: TaskPriority.optional(),
    verificationStatus: VerificationStatus.optional(),
    lane: lane.nullable().optional(),
    category: category.nullable().optional(),
  })
  .superRefine(requireSomeChange('taskId'));
export type UpdateTaskInput = z.infer<typeof updateTaskInput>;

/** Cancel, retry now, or skip a task; the reason is recorded on the task and its events. */
export const taskActionInput = z.strictObject({
  taskId: entityId,
  reason: requiredText(2_000).optional(),
});
export type TaskActionInput = z.infer<typeof taskActionInput>;

/** Skipping needs a reason: the dependants run without this task's output. */
export const skipTaskInput = z.strictObject({
  taskId: entityId,
  reason: requiredText(2_000),
});
export type SkipTaskInput = z.infer<typeof skipTaskInput>;

/** A person hands a task to a specific agent (the seeds' `task:assign` command). */
export const assignTaskInput = z.strictObject({
  taskId: entityId,
  agentId: entityId,
});
export type AssignTaskInput = z.infer<typeof assignTaskInput>;

export const taskIdInput = z.strictObject({ taskId: entityId });
export type TaskIdInput = z.infer<typeof taskIdInput>;
