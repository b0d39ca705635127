import { z } from 'zod';
import {
  AgentRuntime,
  AgentStatus,
  ArtifactType,
  ConversationPhase,
  ConversationStatus,
  type EventSeverity,
  HitlKind,
  IterationStatus,
  MessageType,
  ProjectStatus,
  QaResult,
  SenderType,
  SessionStatus,
  TaskPriority,
  TaskStatus,
  UserRole,
} from '../enums';
import { entityId, isoTimestamp } from '../primitives';
import type { Channel } from './channels';
import { WatchdogAction, WatchdogRule } from './watchdog';

// THE event catalogue: every event type Quarterdeck writes to its append-only log, with
// the schema of its payload, the channel subscribers receive it on, its default severity
// and the envelope ids it must carry. The seeds' three WebSocket vocabularies all map onto
// this one (see legacy-names.ts and the package README).
//
// Naming: `<subject>.<what happened>` in snake_case, past tense for facts
// (`task.assigned`), nouns for streams (`iteration.log`, `llm.tokens`).
//
// Payloads are plain (not strict) objects and only ever gain optional fields: the log is
// permanent, so today's code must read every payload ever written, and a payload never
// repeats the envelope's ids (projectId, runId, taskId, agentId, sessionId).

/** Envelope ids an event may carry; `scope` lists the ones a type always carries. */
export type ScopeKey = 'projectId' | 'runId' | 'taskId' | 'agentId' | 'sessionId';

export interface EventDefinition<Payload extends z.ZodType = z.ZodType> {
  channel: Channel;
  severity: EventSeverity;
  scope: readonly ScopeKey[];
  payload: Payload;
  description: string;
}

function define<Payload extends z.ZodType>(definition: EventDefinition<Payload>): EventDefinition<Payload> {
  return definition;
}

const count = z.number().int().min(0);
const reason = z.string().max(5_000);
const changedFields = z.array(z.string()).describe('names of the fields that changed');
const nullableId = entityId.nullable();
const percentage = z.number().min(0).max(100);

/** A validation problem as carried in event payloads (same shape as ValidationIssue). */
const issue = z.object({ path: z.string(), message: z.string() });

export const eventCatalogue = {
  // ─────────────── projects channel: projects, runs, waves ───────────────
  'project.created': define({
    channel: 'projects',
    severity: 'info',
    scope: ['projectId'],
    description: 'A project was created from a product idea.',
    payload: z.object({ name: z.string(), productIdea: z.string(), workflowTemplateId: z.string() }),
  }),
  'project.updated': define({
    channel: 'projects',
    severity: 'info',
    scope: ['projectId'],
    description: 'A person edited a project.',
    payload: z.object({ changedFields }),
  }),
  'project.status_changed': define({
    channel: 'projects',
    severity: 'info',
    scope: ['projectId'],
    description: 'A project became active, paused, completed, failed or cancelled.',
    payload: z.object({ from: ProjectStatus, to: ProjectStatus, reason: reason.optional() }),
  }),
  'project.deleted': define({
    channel: 'projects',
    severity: 'warning',
    scope: ['projectId'],
    description: 'A project and everything it owned was deleted (the events about it remain).',
    payload: z.object({ name: z.string() }),
  }),
  'run.started': define({
    channel: 'projects',
    severity: 'info',
    scope: ['projectId', 'runId'],
    description: 'A run of a workflow started.',
    payload: z.object({ workflowId: z.string(), teamId: z.string().nullable(), waveCount: count }),
  }),
  'run.paused': define({
    channel: 'projects',
    severity: 'warning',
    scope: ['projectId', 'runId'],
    description: 'A run paused: by a person, or because a task on the critical path failed.',
    payload: z.object({ reason }),
  }),
  'run.resumed': define({
    channel: 'projects',
    severity: 'info',
    scope: ['projectId', 'runId'],
    description: 'A paused run goes on.',
    payload: z.object({ reason: reason.optional() }),
  }),
  'run.progress': define({
    channel: 'projects',
    severity: 'debug',
    scope: ['projectId', 'runId'],
    description: 'Task counts of a run changed.',
    payload: z.object({
      totalTasks: count,
      completedTasks: count,
      failedTasks: count,
      percentage,
      currentWave: count,
    }),
  }),
  'run.completed': define({
    channel: 'projects',
    severity: 'info',
    scope: ['projectId', 'runId'],
    description: 'Every task of a run finished and the run succeeded.',
    payload: z.object({ durationMs: count, completedTasks: count, failedTasks: count }),
  }),
  'run.failed': define({
    channel: 'projects',
    severity: 'error',
    scope: ['projectId', 'runId'],
    description: 'A run failed and will not go on by itself.',
    payload: z.object({ reason, failedTaskIds: z.array(entityId) }),
  }),
  'run.cancelled': define({
    channel: 'projects',
    severity: 'warning',
    scope: ['projectId', 'runId'],
    description: 'A person cancelled a run.',
    payload: z.object({ reason: reason.optional() }),
  }),
  'wave.started': define({
    channel: 'projects',
    severity: 'info',
    scope: ['projectId', 'runId'],
    description: 'A dependency layer of a run opened: its tasks may now become ready.',
    payload: z.object({ waveNumber: count, taskCount: count }),
  }),
  'wave.completed': define({
    channel: 'projects',
    severity: 'info',
    scope: ['projectId', 'runId'],
    description: 'Every task of a wave finished.',
    payload: z.object({ waveNumber: count, completedTasks: count, failedTasks: count }),
  }),
  'wave.failed': define({
    channel: 'projects',
    severity: 'error',
    scope: ['projectId', 'runId'],
    description: 'Tasks of a wave failed; `blocking` says whether the run had to stop.',
    payload: z.object({ waveNumber: count, failedTaskIds: z.array(entityId), blocking: z.boolean() }),
  }),

  // ─────────────── tasks channel ───────────────
  'task.created': define({
    channel: 'tasks',
    severity: 'info',
    scope: ['projectId', 'taskId'],
    description: 'A task was made, from a workflow step or by hand.',
    payload: z.object({
      title: z.string(),
      role: z.string(),
      priority: TaskPriority,
      waveNumber: count.nullable(),
      stepId: z.string().nullable(),
    }),
  }),
  'task.updated': define({
    channel: 'tasks',
    severity: 'info',
    scope: ['projectId', 'taskId'],
    description: 'A person edited a task (status and assignment have their own events).',
    payload: z.object({ changedFields }),
  }),
  'task.status_changed': define({
    channel: 'tasks',
    severity: 'info',
    scope: ['projectId', 'taskId'],
    description: 'A task moved between pending, ready, working, waiting_for_hitl, completed, failed and cancelled.',
    payload: z.object({ from: TaskStatus, to: TaskStatus, attempt: count, reason: reason.optional() }),
  }),
  'task.assigned': define({
    channel: 'tasks',
    severity: 'info',
    scope: ['projectId', 'taskId', 'agentId'],
    description: 'A task was handed to an agent, by the orchestrator or by a person.',
    payload: z.object({
      agentName: z.string(),
      assignedBy: z.enum(['orchestrator', 'user']),
      userId: nullableId.optional(),
    }),
  }),
  'task.progress': define({
    channel: 'tasks',
    severity: 'debug',
    scope: ['projectId', 'taskId'],
    description: 'How far a long-running task has got.',
    payload: z.object({ progress: percentage, stage: z.string().optional(), message: z.string().optional() }),
  }),
  'task.retry_scheduled': define({
    channel: 'tasks',
    severity: 'warning',
    scope: ['projectId', 'taskId'],
    description: 'An attempt failed; another one will start at `retryAt` with the reason as feedback.',
    payload: z.object({ nextAttempt: z.number().int().min(1), retryAt: isoTimestamp, reason }),
  }),
  'task.deleted': define({
    channel: 'tasks',
    severity: 'warning',
    scope: ['projectId', 'taskId'],
    description: 'A person deleted a task.',
    payload: z.object({ title: z.string() }),
  }),

  // ─────────────── agents channel ───────────────
  'agent.created': define({
    channel: 'agents',
    severity: 'info',
    scope: ['agentId'],
    description: 'An agent was created.',
    payload: z.object({ name: z.string(), role: z.string(), runtime: AgentRuntime, provider: z.string(), model: z.string() }),
  }),
  'agent.updated': define({
    channel: 'agents',
    severity: 'info',
    scope: ['agentId'],
    description: 'A person edited an agent.',
    payload: z.object({ changedFields }),
  }),
  'agent.deleted': define({
    channel: 'agents',
    severity: 'warning',
    scope: ['agentId'],
    description: 'An agent was deleted.',
    payload: z.object({ name: z.string() }),
  }),
  'agent.assigned': define({
    channel: 'agents',
    severity: 'info',
    scope: ['agentId'],
    description: 'An agent was assigned to a project, or (projectId null) released to all projects.',
    payload: z.object({ projectId: nullableId }),
  }),
  'agent.status_changed': define({
    channel: 'agents',
    severity: 'info',
    scope: ['agentId'],
    description: 'An agent became idle, working, stuck or offline.',
    payload: z.object({
      from: AgentStatus.nullable(),
      to: AgentStatus,
      taskId: nullableId,
      reason: reason.optional(),
    }),
  }),
  'agent.heartbeat': define({
    channel: 'agents',
    severity: 'debug',
    scope: ['agentId'],
    description: 'An agent is alive (sent while it works).',
    payload: z.object({ status: AgentStatus, taskId: nullableId }),
  }),
  'watchdog.finding': define({
    channel: 'agents',
    severity: 'warning',
    scope: ['agentId', 'sessionId'],
    description: 'Stuck detection fired on a running session, and what was done about it.',
    payload: z.object({
      findingId: entityId,
      iterationId: nullableId,
      rule: WatchdogRule,
      evidence: z.array(z.string()).max(100),
      action: WatchdogAction,
    }),
  }),

  // ─────────────── iterations channel: sessions, iterations, QA ───────────────
  'session.started': define({
    channel: 'iterations',
    severity: 'info',
    scope: ['projectId', 'taskId', 'agentId', 'sessionId'],
    description: 'An agent started an attempt at a task.',
    payload: z.object({ attempt: z.number().int().min(1), runtime: AgentRuntime, workerId: z.string().nullable() }),
  }),
  'session.ended': define({
    channel: 'iterations',
    severity: 'info',
    scope: ['projectId', 'taskId', 'agentId', 'sessionId'],
    description: 'An attempt ended: completed, failed, terminated by a person, or stopped as stuck.',
    payload: z.object({
      status: SessionStatus.exclude(['running']),
      stopReason: z.string().nullable(),
      durationMs: count,
      iterationCount: count,
    }),
  }),
  'iteration.started': define({
    channel: 'iterations',
    severity: 'debug',
    scope: ['sessionId'],
    description: 'A session began a new iteration.',
    payload: z.object({ iterationId: entityId, number: count }),
  }),
  'iteration.log': define({
    channel: 'iterations',
    severity: 'debug',
    scope: ['sessionId'],
    description: 'A batch of log lines appended to an iteration (one event per flush, not per line).',
    payload: z.object({
      iterationId: entityId,
      number: count,
      /** Character offset of the first line in the iteration's full log, so a client can stitch and de-duplicate. */
      offset: count,
      lines: z.array(z.string().max(16_384)).min(1).max(1_000),
    }),
  }),
  'iteration.completed': define({
    channel: 'iterations',
    severity: 'info',
    scope: ['sessionId'],
    description: 'An iteration ended.',
    payload: z.object({
      iterationId: entityId,
      number: count,
      status: IterationStatus.exclude(['running']),
      toolCallCount: count,
      errorCount: count,
      qaResult: QaResult,
    }),
  }),
  'qa.result': define({
    channel: 'iterations',
    severity: 'info',
    scope: ['sessionId'],
    description: 'A QA verdict was recorded for an iteration, by a person or by the QA cycle.',
    payload: z.object({
      iterationId: entityId,
      result: QaResult.exclude(['pending']),
      source: z.enum(['manual', 'cycle']),
      findingCount: count,
      auditId: nullableId,
    }),
  }),

  // ─────────────── tokens channel: LLM traffic ───────────────
  'llm.request_started': define({
    channel: 'tokens',
    severity: 'debug',
    scope: [],
    description: 'An agent started an LLM call (the dashboard shows it as "typing").',
    payload: z.object({ requestId: z.string(), provider: z.string(), model: z.string(), purpose: z.string().optional() }),
  }),
  'llm.tokens': define({
    channel: 'tokens',
    severity: 'debug',
    scope: [],
    description: 'Streamed completion text, batched per flush interval (never one event per token).',
    payload: z.object({
      requestId: z.string(),
      /** 0, 1, 2, … within the request, so a client can order batches and spot a gap. */
      sequence: count,
      /**
       * Set when the API merged several consecutive batches of the request into one frame
       * (a token storm): the frame carries batches firstSequence … sequence, and its id is the
       * last one's. Never stored; absent means the frame is the single batch `sequence`.
       */
      firstSequence: count.optional(),
      text: z.string().max(65_536),
    }),
  }),
  'llm.usage': define({
    channel: 'tokens',
    severity: 'info',
    scope: [],
    description: 'An LLM call finished: tokens, cost and latency (also stored in llm_usage).',
    payload: z.object({
      requestId: z.string(),
      provider: z.string(),
      model: z.string(),
      promptTokens: count,
      completionTokens: count,
      totalTokens: count,
      costUsd: z.number().min(0),
      estimated: z.boolean(),
      cached: z.boolean(),
      latencyMs: count.nullable(),
    }),
  }),
  'llm.request_failed': define({
    channel: 'tokens',
    severity: 'warning',
    scope: [],
    description: 'An LLM call failed; it is retried, handed down the failover chain, or given up.',
    payload: z.object({
      requestId: z.string(),
      provider: z.string(),
      model: z.string(),
      error: z.string(),
      attempt: z.number().int().min(1),
      next: z.enum(['retry', 'failover', 'give_up']),
    }),
  }),

  // ─────────────── hitl channel ───────────────
  'hitl.requested': define({
    channel: 'hitl',
    severity: 'info',
    scope: ['projectId'],
    description: 'A person is asked to review, answer or take over; the run waits.',
    payload: z.object({
      hitlRequestId: entityId,
      kind: HitlKind,
      question: z.string(),
      options: z.array(z.string()),
      artifactId: nullableId,
      timeoutAt: isoTimestamp.nullable(),
    }),
  }),
  'hitl.responded': define({
    channel: 'hitl',
    severity: 'info',
    scope: ['projectId'],
    description: 'A person approved, rejected (with a reason) or amended (with new content).',
    payload: z.object({
      hitlRequestId: entityId,
      status: z.enum(['approved', 'rejected', 'amended']),
      responseContent: z.string().nullable(),
      respondedById: nullableId,
      /** The new artifact version made from an amendment. */
      amendedArtifactId: nullableId.optional(),
    }),
  }),
  'hitl.expired': define({
    channel: 'hitl',
    severity: 'warning',
    scope: ['projectId'],
    description: 'Nobody answered in time: escalated (still waiting, people notified) or failed.',
    payload: z.object({ hitlRequestId: entityId, timeoutAction: z.enum(['escalate', 'fail']) }),
  }),

  // ─────────────── messages channel: discussions ───────────────
  'conversation.created': define({
    channel: 'messages',
    severity: 'info',
    scope: [],
    description: 'A persona discussion was opened.',
    payload: z.object({ conversationId: entityId, title: z.string(), goalDescription: z.string(), participants: z.array(z.string()) }),
  }),
  'conversation.phase_changed': define({
    channel: 'messages',
    severity: 'info',
    scope: [],
    description: 'A discussion moved on: initialization → exploration → discussion → consensus → completed.',
    payload: z.object({ conversationId: entityId, from: ConversationPhase, to: ConversationPhase }),
  }),
  'conversation.status_changed': define({
    channel: 'messages',
    severity: 'info',
    scope: [],
    description: 'A discussion paused (usually waiting for a person), resumed or completed.',
    payload: z.object({ conversationId: entityId, from: ConversationStatus, to: ConversationStatus, reason: reason.optional() }),
  }),
  'message.created': define({
    channel: 'messages',
    severity: 'info',
    scope: [],
    description: 'A message was posted in a discussion, by an agent, a person or the system.',
    payload: z.object({
      conversationId: entityId,
      messageId: entityId,
      parentMessageId: nullableId,
      senderType: SenderType,
      senderId: z.string(),
      messageType: MessageType,
      content: z.string(),
      requiresUserResponse: z.boolean(),
    }),
  }),
  'message.edited': define({
    channel: 'messages',
    severity: 'info',
    scope: [],
    description: 'A message was edited.',
    payload: z.object({ conversationId: entityId, messageId: entityId, content: z.string() }),
  }),
  'decision.recorded': define({
    channel: 'messages',
    severity: 'info',
    scope: [],
    description: 'A decision (problem, variants, votes, chosen variant, dissent) was recorded.',
    payload: z.object({
      decisionId: entityId,
      conversationId: nullableId,
      problem: z.string(),
      chosenVariantId: z.string().nullable(),
      voteCount: count,
      dissentCount: count,
    }),
  }),

  // ─────────────── artifacts channel ───────────────
  'artifact.created': define({
    channel: 'artifacts',
    severity: 'info',
    scope: ['projectId'],
    description: 'A context artifact (or a new version of one) was stored.',
    payload: z.object({
      artifactId: entityId,
      logicalKey: z.string(),
      version: z.number().int().min(1),
      name: z.string(),
      artifactType: ArtifactType,
      handoffType: z.string().nullable(),
      sourceAgent: z.string(),
      sizeBytes: count,
      isSimulated: z.boolean(),
      sourceArtifactIds: z.array(entityId),
    }),
  }),
  'handoff.delivered': define({
    channel: 'artifacts',
    severity: 'info',
    scope: ['projectId'],
    description: 'A validated handoff artifact was passed to the next step by the orchestrator.',
    payload: z.object({ artifactId: entityId, handoffType: z.string(), sourceAgent: z.string(), targetAgent: z.string() }),
  }),
  'handoff.invalid': define({
    channel: 'artifacts',
    severity: 'warning',
    scope: ['projectId'],
    description: "An agent's structured output failed its handoff schema; it is repaired or retried.",
    payload: z.object({
      handoffType: z.string(),
      sourceAgent: z.string(),
      errors: z.array(issue).max(50),
      next: z.enum(['repair', 'retry', 'give_up']),
    }),
  }),
  'artifact.bundle_ready': define({
    channel: 'artifacts',
    severity: 'info',
    scope: ['projectId'],
    description: "A project's artifacts are ready to download as a ZIP with a manifest.",
    payload: z.object({ artifactCount: count, sizeBytes: count }),
  }),
  'export.completed': define({
    channel: 'artifacts',
    severity: 'info',
    scope: ['projectId'],
    description: 'A project or run was exported (Jira epic and stories, Confluence page, ZIP).',
    payload: z.object({ target: z.enum(['jira', 'confluence', 'zip']), url: z.string().nullable(), itemCount: count }),
  }),
  'export.failed': define({
    channel: 'artifacts',
    severity: 'error',
    scope: ['projectId'],
    description: 'An export failed.',
    payload: z.object({ target: z.enum(['jira', 'confluence', 'zip']), error: z.string() }),
  }),

  // ─────────────── system channel ───────────────
  'qa.audit_completed': define({
    channel: 'system',
    severity: 'info',
    scope: [],
    description: 'A pass of the QA cycle finished.',
    payload: z.object({
      auditId: entityId,
      trigger: z.string(),
      iterationsChecked: count,
      passed: count,
      failed: count,
      stuckDetected: count,
      durationMs: count,
    }),
  }),
  'worker.started': define({
    channel: 'system',
    severity: 'info',
    scope: [],
    description: 'A worker process started taking jobs.',
    payload: z.object({ workerId: z.string(), hostname: z.string(), pid: count, concurrency: count }),
  }),
  'worker.stopped': define({
    channel: 'system',
    severity: 'info',
    scope: [],
    description: 'A worker process shut down cleanly.',
    payload: z.object({ workerId: z.string(), reason: reason.optional() }),
  }),
  'worker.lost': define({
    channel: 'system',
    severity: 'error',
    scope: [],
    description: 'A worker stopped heartbeating; its queue locks were released so another worker picks its jobs up.',
    payload: z.object({
      workerId: z.string(),
      hostname: z.string(),
      pid: count,
      /** graphile-worker's own worker ids whose locks were force-unlocked. */
      releasedQueueWorkers: z.array(z.string()),
      lastSeenAt: isoTimestamp.optional(),
    }),
  }),
  'system.heartbeat': define({
    channel: 'system',
    severity: 'debug',
    scope: [],
    description: 'The queue ran a recurring job end to end (health reads the latest); also tells subscribers a quiet stream is alive.',
    payload: z.object({ workerId: z.string() }),
  }),
  'system.error': define({
    channel: 'system',
    severity: 'error',
    scope: [],
    description: 'Something failed outside any single task (a relay, a cron job, an integration).',
    payload: z.object({ source: z.string(), message: z.string(), detail: z.string().optional() }),
  }),
  'notification.sent': define({
    channel: 'system',
    severity: 'debug',
    scope: [],
    description: 'A notification (Telegram, …) left the outbox.',
    payload: z.object({ outboxId: entityId, channel: z.string(), target: z.string() }),
  }),
  'notification.failed': define({
    channel: 'system',
    severity: 'warning',
    scope: [],
    description: 'A notification could not be sent.',
    payload: z.object({
      outboxId: entityId,
      channel: z.string(),
      target: z.string(),
      error: z.string(),
      attempts: count,
      willRetry: z.boolean(),
    }),
  }),
  'auth.user_created': define({
    channel: 'system',
    severity: 'info',
    scope: [],
    description: 'A user was created.',
    payload: z.object({ userId: entityId, email: z.string(), role: UserRole }),
  }),
  'auth.user_updated': define({
    channel: 'system',
    severity: 'info',
    scope: [],
    description: "A user's name, role or active flag changed.",
    payload: z.object({ userId: entityId, changedFields }),
  }),
  'auth.token_created': define({
    channel: 'system',
    severity: 'info',
    scope: [],
    description: 'An API token was issued (only its prefix is ever shown again).',
    payload: z.object({ tokenId: entityId, userId: entityId, name: z.string(), prefix: z.string(), expiresAt: isoTimestamp.nullable() }),
  }),
  'auth.token_revoked': define({
    channel: 'system',
    severity: 'warning',
    scope: [],
    description: 'An API token was revoked.',
    payload: z.object({ tokenId: entityId, userId: entityId, name: z.string() }),
  }),
  'auth.login': define({
    channel: 'system',
    severity: 'info',
    scope: [],
    description: 'A person signed in to the dashboard with a one-time login link.',
    payload: z.object({ userId: entityId }),
  }),
  'settings.updated': define({
    channel: 'system',
    severity: 'info',
    scope: [],
    description: 'Settings were changed from the dashboard (values are not logged: they may name secrets).',
    payload: z.object({ keys: z.array(z.string()) }),
  }),
} as const;

export type EventCatalogue = typeof eventCatalogue;
export type EventType = keyof EventCatalogue;

/** Every event type, in catalogue order. */
export const EVENT_TYPES = Object.keys(eventCatalogue) as EventType[];
export const EventType = z.enum(EVENT_TYPES);

/** The payload of an event type as its producer passes it (before defaults and parsing). */
export type EventPayloadInput<T extends EventType> = z.input<EventCatalogue[T]['payload']>;
/** The payload of an event type as stored and delivered. */
export type EventPayload<T extends EventType> = z.output<EventCatalogue[T]['payload']>;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}

export function channelOfEventType(type: EventType): Channel {
  return eventCatalogue[type].channel;
}

export function defaultSeverityOf(type: EventType): EventSeverity {
  return eventCatalogue[type].severity;
}

/** Event types delivered on a channel, e.g. to show what a subscription will receive. */
export function eventTypesOfChannel(channel: Channel): EventType[] {
  return EVENT_TYPES.filter((type) => eventCatalogue[type].channel === channel);
}
