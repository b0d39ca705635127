import {
  AgentRuntime,
  AgentStatus,
  HitlKind,
  HitlStatus,
  ProjectStatus,
  RunStatus,
  TaskPriority,
  TaskStatus,
  VerificationStatus,
} from '@quarterdeck/contracts';
import { z } from 'zod';

// Response schemas of the procedures exposed as REST. trpc-to-openapi needs an output schema
// to document a response; these describe the fields REST clients rely on, as loose objects,
// so a field added to a select reaches clients without a schema change. Timestamps are
// ISO 8601 strings: procedures return `toWire(...)` values, which is what travels.

const id = z.string().describe('UUID');
const timestamp = z.string().describe('ISO 8601 date-time');

function page<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
}

export const projectOutput = z.looseObject({
  id,
  name: z.string(),
  productIdea: z.string(),
  description: z.string().nullable(),
  status: ProjectStatus,
  workflowTemplateId: z.string(),
  tokenBudget: z.number().nullable(),
  costBudgetUsd: z.number().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  completedAt: timestamp.nullable(),
});

export const runSummaryOutput = z.looseObject({
  id,
  workflowId: z.string(),
  teamId: z.string().nullable(),
  status: RunStatus,
  currentWave: z.number().int(),
  createdAt: timestamp,
});

export const taskOutput = z.looseObject({
  id,
  projectId: id,
  runId: id.nullable(),
  title: z.string(),
  role: z.string(),
  status: TaskStatus,
  priority: TaskPriority,
  lane: z.string().nullable(),
  assignedAgentId: id.nullable(),
  attempts: z.number().int(),
  verificationStatus: VerificationStatus,
  createdAt: timestamp,
});

export const artifactSummaryOutput = z.looseObject({
  id,
  logicalKey: z.string(),
  version: z.number().int(),
  name: z.string(),
  artifactType: z.string(),
  handoffType: z.string().nullable(),
  sourceAgent: z.string(),
  sizeBytes: z.number().int(),
  isSimulated: z.boolean(),
  createdAt: timestamp,
});

export const projectDetailOutput = projectOutput.extend({
  runs: z.array(runSummaryOutput),
  tasks: z.array(taskOutput),
  artifacts: z.array(artifactSummaryOutput),
});

export const projectCreatedOutput = z.looseObject({ project: projectOutput, run: runSummaryOutput });

export const projectCompletionOutput = z.looseObject({
  projectId: id,
  completionPercentage: z.number(),
  totalTasks: z.number().int(),
  completedTasks: z.number().int(),
  artifactsAvailable: z.number().int(),
});

/** tasks.list also names each task's prerequisites (the graph's edges). */
export const taskPageOutput = page(taskOutput.extend({ dependsOnTaskIds: z.array(id) }));

export const agentOutput = z.looseObject({
  id,
  name: z.string(),
  role: z.string(),
  runtime: AgentRuntime,
  provider: z.string(),
  model: z.string(),
  status: AgentStatus,
  projectId: id.nullable(),
  currentTaskId: id.nullable(),
  lastHeartbeatAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const agentPageOutput = page(agentOutput);

export const hitlRequestOutput = z.looseObject({
  id,
  projectId: id,
  runId: id.nullable(),
  taskId: id.nullable(),
  artifactId: id.nullable(),
  kind: HitlKind,
  question: z.string(),
  options: z.unknown(),
  status: HitlStatus,
  responseContent: z.string().nullable(),
  respondedById: id.nullable(),
  respondedAt: timestamp.nullable(),
  timeoutAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const hitlPageOutput = page(hitlRequestOutput).extend({ pendingCount: z.number().int() });

const componentStatus = z.enum(['ok', 'degraded', 'down']);
export const healthOutput = z.object({
  status: componentStatus,
  api: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }),
  database: z.object({ status: componentStatus, latencyMs: z.number().optional(), error: z.string().optional() }),
  queue: z.object({
    status: componentStatus,
    pendingJobs: z.number().optional(),
    lockedJobs: z.number().optional(),
    lastHeartbeatJobAt: z.string().nullable().optional(),
    error: z.string().optional(),
  }),
  workers: z.object({ status: componentStatus, alive: z.number(), lastSeenAt: z.string().nullable().optional() }),
  checkedAt: timestamp,
});

export const projectPageOutput = page(projectOutput);
