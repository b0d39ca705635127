import type { Handoff, HandoffType } from '@quarterdeck/contracts';

// The seam between the orchestration engine and whatever does the work. The engine builds
// an ExecutionInput from the database (only the handoffs the step declares), gives the
// executor an ExecutionIO to report through, and turns the outcome into state: it validates
// the content against the step's handoff schema, stores the artifact, and moves the task on.
// Executors: the simulated one (offline default), the LLM one, the CLI-process one.

export interface ExecutionStep {
  id: string;
  role: string;
  /** Rendered instructions (template variables already substituted). */
  instructions: string;
  /** The handoff type this step must produce. */
  produces: HandoffType;
  consumes: HandoffType[];
  /** A long-running phase (a slow build): the watchdog's silence rules do not apply. */
  longRunning: boolean;
}

export interface ExecutionAgent {
  id: string;
  name: string;
  role: string;
  runtime: 'llm' | 'cli';
  provider: string;
  model: string;
  temperature: number | null;
  maxTokens: number | null;
  contextSize: number | null;
  systemPrompt: string | null;
  persona: string | null;
  /** For `cli` agents: the command line to spawn. */
  command: string | null;
  /** Validated per-agent settings (failover chain, watchdog thresholds, tool-call patterns…). */
  config: Record<string, unknown>;
}

export interface ExecutionInput {
  projectId: string;
  runId: string | null;
  taskId: string;
  sessionId: string;
  iterationId: string;
  attempt: number;
  productIdea: string;
  step: ExecutionStep;
  agent: ExecutionAgent;
  /** Only the handoffs the step declares it consumes, newest version of each. */
  inputs: Handoff[];
  /** What the next attempt must take into account: a reviewer's reason, a watchdog finding. */
  feedback: string | null;
  /** Aborted when the session is terminated (by a person, the watchdog, or shutdown). */
  signal: AbortSignal;
}

/** How an executor reports progress; every call also counts as a heartbeat. */
export interface ExecutionIO {
  /** Appends lines to the iteration log (stored, and streamed to subscribers). */
  log(lines: string[]): Promise<void>;
  /** Streams generated text to subscribers (batched by the caller's implementation). */
  tokens(text: string): void;
  /** Records a tool call (CLI agents, function-calling models). */
  toolCall(name: string, detail?: string): Promise<void>;
  /** Records an error line; the watchdog watches for repeats. */
  error(message: string): Promise<void>;
}

export interface ProducedFile {
  path: string;
  content: string;
}

export type ExecutionOutcome =
  | {
      kind: 'completed';
      /** Handoff content for step.produces; the engine validates it before storing. */
      content: unknown;
      /** Files a CLI agent left in its workspace; stored as code artifacts. */
      files?: ProducedFile[];
      /** True when a simulated executor or provider made it (labelled everywhere). */
      simulated: boolean;
    }
  | { kind: 'needs_human'; question: string; options?: string[] }
  | { kind: 'failed'; reason: string; retryable: boolean };

export interface AgentExecutor {
  execute(input: ExecutionInput, io: ExecutionIO): Promise<ExecutionOutcome>;
}
