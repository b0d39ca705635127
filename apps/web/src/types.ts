// The shapes the dashboard renders, written by hand from prisma/schema.prisma while the
// API router is being built. Field names are the Prisma client's (camelCase); dates are
// ISO strings and Decimals are strings, as they arrive over JSON. Once `AppRouter` exists,
// each of these can be replaced by the matching `inferRouterOutputs<AppRouter>` entry; the
// composite "view" types at the end describe what each page needs from a procedure.

import type { QuarterdeckEvent } from '@quarterdeck/contracts';
import type { ArtifactSummary, HitlListItem, ProjectListItem, RunOutput } from './api/outputs';

// ───────────── JSON ─────────────

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An ISO 8601 timestamp, as JSON carries a Prisma `DateTime`. */
export type IsoDate = string;

/** A Prisma `Decimal`, serialised as a string so no precision is lost. */
export type DecimalString = string;

// ───────────── enums (one union per Prisma enum) ─────────────

export type UserRole = 'viewer' | 'operator' | 'admin';
export type ProjectStatus = 'active' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type RunStatus = 'pending' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type WaveStatus = 'pending' | 'running' | 'completed' | 'failed';
export type TaskStatus = 'pending' | 'ready' | 'working' | 'waiting_for_hitl' | 'completed' | 'failed' | 'cancelled';
export type TaskPriority = 'critical' | 'high' | 'medium' | 'low';
export type VerificationStatus = 'pending' | 'passed' | 'failed' | 'skipped';
export type AgentRuntime = 'llm' | 'cli';
export type AgentStatus = 'idle' | 'working' | 'stuck' | 'offline';
export type SessionStatus = 'running' | 'completed' | 'failed' | 'terminated' | 'stuck';
export type IterationStatus = 'running' | 'completed' | 'failed';
export type QaResult = 'pending' | 'passed' | 'failed' | 'skipped';
export type ArtifactType = 'spec' | 'plan' | 'code' | 'test' | 'doc' | 'log' | 'review' | 'decision' | 'other';
export type HitlKind = 'review' | 'question' | 'escalation';
export type HitlStatus = 'pending' | 'approved' | 'rejected' | 'amended' | 'expired';
export type ConversationPhase = 'initialization' | 'exploration' | 'discussion' | 'consensus' | 'completed';
export type ConversationStatus = 'active' | 'paused' | 'completed';
export type SenderType = 'agent' | 'user' | 'system';
export type MessageType = 'discussion' | 'proposal' | 'question' | 'question_to_user' | 'user_response' | 'vote' | 'consensus' | 'summary';
export type EventSeverity = 'debug' | 'info' | 'warning' | 'error' | 'critical';
export type NotificationStatus = 'pending' | 'sent' | 'failed';

// ───────────── models ─────────────

export interface User {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  isActive: boolean;
  createdAt: IsoDate;
  lastLoginAt: IsoDate | null;
}

/** Never carries the token itself: only its prefix, which tells tokens apart in a list. */
export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  rateLimitPerMinute: number;
  createdAt: IsoDate;
  lastUsedAt: IsoDate | null;
  expiresAt: IsoDate | null;
  revokedAt: IsoDate | null;
}

/** As `projects.list` / `projects.get` return it. */
export type Project = ProjectListItem;

/** A run as `runs.get` returns it (with its waves). */
export type WorkflowRun = Omit<RunOutput, 'waves'>;

export type Wave = RunOutput['waves'][number];

export interface Task {
  id: string;
  projectId: string;
  runId: string | null;
  waveId: string | null;
  stepId: string | null;
  title: string;
  role: string;
  instructions: string;
  status: TaskStatus;
  priority: TaskPriority;
  lane: string | null;
  category: string | null;
  assignedAgentId: string | null;
  attempts: number;
  maxAttempts: number;
  onCriticalPath: boolean;
  requiresReview: boolean;
  consumes: string[];
  produces: string[];
  verificationStatus: VerificationStatus;
  lastError: string | null;
  feedback: string | null;
  retryAt: IsoDate | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
  startedAt: IsoDate | null;
  completedAt: IsoDate | null;
}

export interface Agent {
  id: string;
  name: string;
  role: string;
  persona: string | null;
  description: string | null;
  templateId: string | null;
  runtime: AgentRuntime;
  provider: string;
  model: string;
  temperature: number | null;
  maxTokens: number | null;
  contextSize: number | null;
  systemPrompt: string | null;
  capabilities: string[];
  command: string | null;
  status: AgentStatus;
  projectId: string | null;
  currentTaskId: string | null;
  lastHeartbeatAt: IsoDate | null;
  createdAt: IsoDate;
  updatedAt: IsoDate;
}

export interface AgentStatusHistory {
  id: string;
  agentId: string;
  status: AgentStatus;
  previousStatus: AgentStatus | null;
  taskId: string | null;
  reason: string | null;
  createdAt: IsoDate;
}

export interface AgentSession {
  id: string;
  agentId: string;
  taskId: string;
  runId: string | null;
  attempt: number;
  status: SessionStatus;
  workerId: string | null;
  pid: number | null;
  workspacePath: string | null;
  stopReason: string | null;
  startedAt: IsoDate;
  endedAt: IsoDate | null;
  lastHeartbeatAt: IsoDate | null;
  lastOutputAt: IsoDate | null;
  lastToolCallAt: IsoDate | null;
}

export interface Iteration {
  id: string;
  sessionId: string;
  number: number;
  status: IterationStatus;
  logContent: string;
  toolCallCount: number;
  errorCount: number;
  qaResult: QaResult;
  startedAt: IsoDate;
  endedAt: IsoDate | null;
}

export interface IterationQaResult {
  id: string;
  iterationId: string;
  auditId: string | null;
  result: QaResult;
  findings: JsonValue;
  recommendations: JsonValue;
  source: string;
  createdAt: IsoDate;
}

export interface WatchdogFinding {
  id: string;
  sessionId: string;
  iterationId: string | null;
  rule: string;
  evidence: JsonValue;
  action: string;
  createdAt: IsoDate;
}

/** A listed artifact (no content) as `artifacts.list` returns it. */
export type ArtifactListItem = ArtifactSummary;

export interface ContextArtifact {
  id: string;
  projectId: string;
  runId: string | null;
  taskId: string | null;
  sessionId: string | null;
  logicalKey: string;
  version: number;
  name: string;
  artifactType: ArtifactType;
  handoffType: string | null;
  sourceAgent: string;
  content: JsonValue;
  contentHash: string;
  mimeType: string;
  sizeBytes: number;
  isSimulated: boolean;
  createdById: string | null;
  createdAt: IsoDate;
}

export interface ArtifactLineage {
  artifactId: string;
  sourceArtifactId: string;
}

export type HitlRequest = HitlListItem;

/** An event as the API delivers it (query and subscription alike), narrowed by `type`. */
export type { QuarterdeckEvent } from '@quarterdeck/contracts';

// ───────────── views: what each page needs from a procedure ─────────────

/**
 * The state of one piece of remote data, mirroring TanStack Query's `status` so a query
 * result maps onto it one to one. Pages take these instead of calling the API themselves.
 */
export type Loadable<T> =
  { status: 'pending' } | { status: 'error'; error: { message: string }; retry?: () => void } | { status: 'success'; data: T };

/** State of the live (WebSocket) connection that carries subscriptions. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

/**
 * A task as the graph and its detail panel show it. `tasks.list` declares the core fields;
 * the rest travel in the same rows (its output schema is loose) and are read defensively.
 */
export interface TaskNode {
  id: string;
  title: string;
  role: string;
  status: TaskStatus;
  priority: TaskPriority;
  attempts: number;
  maxAttempts: number | null;
  verificationStatus: VerificationStatus;
  waveNumber: number;
  /** Ids of the tasks this one waits for; empty when the API does not say. */
  dependsOn: string[];
  instructions: string | null;
  onCriticalPath: boolean;
  consumes: string[];
  produces: string[];
  lastError: string | null;
  feedback: string | null;
}

export interface ActiveRunSummary {
  run: WorkflowRun;
  projectName: string;
  wavesTotal: number;
  tasksTotal: number;
  tasksCompleted: number;
  tasksFailed: number;
}

export interface PendingApproval extends HitlRequest {
  projectName: string;
  taskTitle: string | null;
}

export interface TokenSpendPoint {
  /** Start of the time bucket this point sums. */
  bucketStart: IsoDate;
  totalTokens: number;
  costUsd: number;
}

export interface OverviewData {
  activeRuns: ActiveRunSummary[];
  pendingApprovals: PendingApproval[];
  stuckAgents: Agent[];
  tokenSpend: TokenSpendPoint[];
  recentEvents: QuarterdeckEvent[];
}

export interface WorkflowTemplateSummary {
  id: string;
  name: string;
  description: string;
}

export interface NewProjectInput {
  name: string;
  productIdea: string;
  workflowTemplateId: string;
}

export interface CompletionMetrics {
  /** 0–100. */
  percentage: number;
  totalTasks: number;
  completedTasks: number;
  failedTasks: number;
  artifactsAvailable: number;
  pendingApprovals: number;
  /** Null until usage.tokenSpend has answered for the project. */
  totalTokens: number | null;
  costUsd: number | null;
}

/** A review or question waiting on a person, with the artifact it is about (if any). */
export interface ApprovalItem extends HitlRequest {
  taskTitle: string | null;
  artifact: ContextArtifact | null;
}

export interface ProjectDetail {
  project: Project;
  run: WorkflowRun | null;
  waves: Wave[];
  tasks: TaskNode[];
  metrics: CompletionMetrics;
  /** Every version of every artifact of the project. */
  artifacts: ContextArtifact[];
  lineage: ArtifactLineage[];
  approvals: ApprovalItem[];
  events: QuarterdeckEvent[];
}

/** Tokens of one LLM call as they stream in (batched by the API, appended by the client). */
export interface TokenStream {
  /** The LLM call's id: one stream per call, in the order the calls started. */
  requestId: string;
  sessionId: string | null;
  /** Sequence number the next `llm.tokens` batch must carry; a batch already applied is skipped. */
  nextSequence: number;
  agentName: string;
  taskTitle: string;
  text: string;
  done: boolean;
  isSimulated: boolean;
}

export interface LogLine {
  /** Unique and increasing, so a tail can be keyed and resumed (the event id when there is one). */
  id: string;
  sessionId: string | null;
  at: IsoDate;
  text: string;
  severity?: EventSeverity;
}

export interface LiveActivity {
  tokenStreams: TokenStream[];
  logTail: LogLine[];
}

export type RunAction = 'pause' | 'resume' | 'cancel';

export interface AgentTemplate {
  id: string;
  name: string;
  role: string;
  description: string;
  runtime: AgentRuntime;
  provider: string;
  model: string;
  systemPrompt: string | null;
}

export interface AgentInput {
  name: string;
  role: string;
  templateId: string | null;
  runtime: AgentRuntime;
  provider: string;
  model: string;
  temperature: number | null;
  maxTokens: number | null;
  systemPrompt: string | null;
  command: string | null;
}

export interface SessionListItem extends AgentSession {
  agentName: string;
  taskTitle: string;
}

export interface SessionDetail {
  session: SessionListItem;
  iterations: Iteration[];
  findings: WatchdogFinding[];
  qaResults: IterationQaResult[];
}

export interface ProviderSetting {
  id: string;
  /** OpenAI-compatible endpoint kind, e.g. `ollama`, `openrouter`, `simulated`. */
  kind: string;
  baseUrl: string | null;
  defaultModel: string;
  /** Name of the environment variable that holds the key: secrets never reach the browser. */
  apiKeyEnv: string | null;
}

export interface IntegrationStatus {
  name: 'telegram' | 'jira' | 'confluence';
  configured: boolean;
  /** Where it points (chat id, base URL, space) when configured. */
  target: string | null;
}

export interface SettingsData {
  currentUser: User | null;
  providers: ProviderSetting[];
  /** Provider ids in the order they are tried. */
  failoverChain: string[];
  integrations: IntegrationStatus[];
  tokens: ApiToken[];
}
