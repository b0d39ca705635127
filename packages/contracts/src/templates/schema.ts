/**
 * Schemas for the BMAD-style template files under `templates/`.
 *
 * Convention: the YAML files use snake_case keys (`system_prompt`, `depends_on`), the
 * parsed TypeScript objects use camelCase (`systemPrompt`, `dependsOn`) like the rest of
 * the codebase and the Prisma models. Each schema validates the snake_case input (so zod
 * issue paths name the keys exactly as they are written in the file) and then transforms
 * it into the camelCase interface declared beside it.
 *
 * Objects are strict: an unknown key is an error, because a misspelt optional key
 * (`depends-on`, `requires_reveiw`) would otherwise be silently ignored.
 */
import { z } from 'zod';
import { AgentRuntime } from '../enums';

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const ROLE_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Also the character set of `{{placeholders}}` in render.ts. */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Stricter than ../primitives `identifier` (lower-case only), so every template id passes it.
const templateId = z
  .string()
  .max(100, 'must be at most 100 characters')
  .regex(ID_PATTERN, 'must start with a lower-case letter or digit and contain only a-z, 0-9, "-" and "_"');
const role = z.string().regex(ROLE_PATTERN, 'must be snake_case (a-z, 0-9 and "_", starting with a letter)');
const text = z.string().trim().min(1, 'must not be empty');
const version = z.string({ error: 'must be a quoted string such as "1.0.0"' }).trim().min(1, 'must not be empty');
/**
 * Handoff types are only named here; their content schemas live in ../handoff.ts and are
 * applied when an agent's output is validated, not when templates load.
 */
const handoffType = z.string().trim().min(1, 'handoff type must be a non-empty string');

// ───────────────────────────── agent templates ─────────────────────────────

export interface AgentTemplate {
  id: string;
  name: string;
  role: string;
  description: string;
  version: string;
  persona: string;
  systemPrompt: string;
  runtime: AgentRuntime;
  provider: string;
  model: string;
  temperature: number;
  maxTokens: number;
  capabilities: string[];
  /** The command line spawned for a `cli` agent; absent for `llm` agents. */
  command?: string;
}

export const agentTemplateSchema = z
  .strictObject({
    id: templateId,
    name: text,
    role,
    description: z.string().default(''),
    version: version.default('1.0.0'),
    persona: text,
    system_prompt: text,
    runtime: AgentRuntime.default('llm'),
    // `simulated` is the built-in offline provider, so a fresh install runs with no model.
    provider: text.default('simulated'),
    model: text.default('simulated'),
    temperature: z.number().min(0).max(2).default(0.7),
    max_tokens: z.int().positive().default(4096),
    capabilities: z.array(text).default([]),
    command: text.optional(),
  })
  .superRefine((agent, ctx) => {
    if (agent.runtime === 'cli' && agent.command === undefined) {
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'is required when runtime is "cli"' });
    }
    if (agent.runtime === 'llm' && agent.command !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'is only used when runtime is "cli"' });
    }
  })
  .transform((a): AgentTemplate => ({
    id: a.id,
    name: a.name,
    role: a.role,
    description: a.description,
    version: a.version,
    persona: a.persona,
    systemPrompt: a.system_prompt,
    runtime: a.runtime,
    provider: a.provider,
    model: a.model,
    temperature: a.temperature,
    maxTokens: a.max_tokens,
    capabilities: a.capabilities,
    command: a.command,
  }));

// ───────────────────────────── teams ─────────────────────────────

export interface TeamMember {
  /** An agent template id. */
  agent: string;
  /** How many agents of this template the team runs (e.g. 3 coders). */
  count: number;
}

export interface TeamTemplate {
  id: string;
  name: string;
  description: string;
  version: string;
  agents: TeamMember[];
}

export const teamTemplateSchema = z
  .strictObject({
    id: templateId,
    name: text,
    description: z.string().default(''),
    version: version.default('1.0.0'),
    agents: z.array(z.strictObject({ agent: templateId, count: z.int().positive().default(1) })).min(1, 'a team needs at least one agent'),
  })
  .transform((t): TeamTemplate => ({
    id: t.id,
    name: t.name,
    description: t.description,
    version: t.version,
    agents: t.agents,
  }));

// ───────────────────────────── workflows ─────────────────────────────

export interface WorkflowVariable {
  name: string;
  description: string;
  /** A required variable has no default: the caller must supply a non-blank value. */
  required: boolean;
  default?: string;
}

export interface RetryPolicy {
  maxAttempts: number;
  backoffSeconds: number;
}

/**
 * Per-step overrides of the stuck-detection thresholds (a subset of ../agent-config's
 * WatchdogThresholds, same names and bounds); unset fields fall back to the agent's.
 */
export interface StepWatchdog {
  noToolCallMinutes?: number;
  noOutputMinutes?: number;
  repeatedErrorCount?: number;
  repetitionLoopCount?: number;
}

export const CONSENSUS_RULES = ['majority', 'unanimous'] as const;
export type ConsensusRule = (typeof CONSENSUS_RULES)[number];

/** Present on discussion steps: the step's role facilitates, the participants debate and vote. */
export interface DiscussionSettings {
  participants: string[];
  maxRounds: number;
  consensus: ConsensusRule;
}

export interface WorkflowStep {
  id: string;
  name: string;
  /** The agent role that performs the step (the facilitator, for a discussion step). */
  role: string;
  /** May contain `{{variable}}` placeholders; see render.ts. */
  instructions: string;
  /** Handoff types this step receives; each must be produced upstream. */
  consumes: string[];
  /** The handoff type of the artifact this step outputs. */
  produces: string;
  dependsOn: string[];
  requiresReview: boolean;
  retry: RetryPolicy;
  /** A failure on the critical path pauses the run; a non-critical failure lets other branches go on. */
  critical: boolean;
  longRunning: boolean;
  watchdog?: StepWatchdog;
  verificationCommand?: string;
  discussion?: DiscussionSettings;
}

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  version: string;
  /** The id of the team used when a run does not name one. */
  team: string;
  variables: WorkflowVariable[];
  steps: WorkflowStep[];
}

const variableName = z.string().regex(VARIABLE_NAME_PATTERN, 'variable names must be identifiers (letters, digits, "_")');
const scalarValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

const variableSchema = z
  .strictObject({
    description: z.string().default(''),
    required: z.boolean().default(false),
    default: scalarValue.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.required && v.default !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        message: 'a required variable cannot have a default; drop one of them',
      });
    }
  });

const retrySchema = z
  .strictObject({
    max_attempts: z.int().min(1).default(3),
    backoff_seconds: z.number().min(0).default(30),
  })
  .transform((r): RetryPolicy => ({ maxAttempts: r.max_attempts, backoffSeconds: r.backoff_seconds }));

const minutes = z.int().min(1, 'must be at least 1 minute').max(1_440, 'must be at most 1440 minutes (a day)');

const watchdogSchema = z
  .strictObject({
    no_tool_call_minutes: minutes.optional(),
    no_output_minutes: minutes.optional(),
    repeated_error_count: z.int().min(2).max(100).optional(),
    repetition_loop_count: z.int().min(2).max(1_000).optional(),
  })
  .transform((w): StepWatchdog => ({
    noToolCallMinutes: w.no_tool_call_minutes,
    noOutputMinutes: w.no_output_minutes,
    repeatedErrorCount: w.repeated_error_count,
    repetitionLoopCount: w.repetition_loop_count,
  }));

const discussionSchema = z
  .strictObject({
    participants: z.array(role).min(2, 'a discussion needs at least two participants'),
    max_rounds: z.int().positive().default(3),
    consensus: z.enum(CONSENSUS_RULES).default('majority'),
  })
  .transform((d): DiscussionSettings => ({ participants: d.participants, maxRounds: d.max_rounds, consensus: d.consensus }));

const stepSchema = z
  .strictObject({
    id: templateId,
    name: text,
    role,
    instructions: text,
    consumes: z.array(handoffType).default([]),
    produces: handoffType,
    depends_on: z.array(templateId).default([]),
    requires_review: z.boolean().default(false),
    // prefault (not default) so the nested defaults and the camelCase transform still apply.
    retry: retrySchema.prefault({}),
    critical: z.boolean().default(true),
    long_running: z.boolean().default(false),
    watchdog: watchdogSchema.optional(),
    verification_command: text.optional(),
    discussion: discussionSchema.optional(),
  })
  .transform((s): WorkflowStep => ({
    id: s.id,
    name: s.name,
    role: s.role,
    instructions: s.instructions,
    consumes: s.consumes,
    produces: s.produces,
    dependsOn: s.depends_on,
    requiresReview: s.requires_review,
    retry: s.retry,
    critical: s.critical,
    longRunning: s.long_running,
    watchdog: s.watchdog,
    verificationCommand: s.verification_command,
    discussion: s.discussion,
  }));

export const workflowTemplateSchema = z
  .strictObject({
    id: templateId,
    name: text,
    description: z.string().default(''),
    version,
    team: templateId,
    variables: z.record(variableName, variableSchema).default({}),
    steps: z.array(stepSchema).min(1, 'a workflow needs at least one step'),
  })
  .transform((w): WorkflowTemplate => ({
    id: w.id,
    name: w.name,
    description: w.description,
    version: w.version,
    team: w.team,
    variables: Object.entries(w.variables).map(([name, v]) => ({
      name,
      description: v.description,
      required: v.required,
      default: v.default,
    })),
    steps: w.steps,
  }));

export const TEMPLATE_KINDS = ['agents', 'teams', 'workflows'] as const;
/** Also the sub-folder of the templates directory that holds each kind. */
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const templateSchemas = {
  agents: agentTemplateSchema,
  teams: teamTemplateSchema,
  workflows: workflowTemplateSchema,
} as const;

/** What list endpoints show for any template. */
export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  version: string;
}

export interface WorkflowSummary extends TemplateSummary {
  team: string;
  stepCount: number;
}
