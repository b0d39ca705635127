import { z } from 'zod';
import type { ArtifactType } from './enums';
import { formatIssues, type ValidationIssue } from './issues';
import { entityId, identifier } from './primitives';

// Handoffs: agents never talk to each other; each step's output is a typed artifact that the
// orchestrator validates here before the next step receives it. The envelope is the seeds'
// HandoffSchema (in camelCase, like every other contract); the content keys stay in the
// seeds' snake_case, because they are what the LLM is asked to produce and what the seed
// prompts and templates were written against.
//
// A full software-delivery run (templates/workflows/software-delivery.yaml) hands off:
//   analyst → software_specification → product manager → product_requirements
//   → architect → implementation_plan → coders (three lanes) → code_change → QA → qa_report
// A persona discussion step produces a discussion_outcome. idea_brief is the typed form of
// the project's idea, for a first step that declares it as an input.
//
// Content objects are strict (unknown keys are errors) because their JSON Schema is sent as
// the LLM's response_format, where `additionalProperties: false` keeps the model on the shape.

const item = z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters');
/** A list the step must fill: an empty one means the model skipped the work. */
function items(what: string) {
  return z.array(item).min(1, `must list at least one ${what}`).max(500, 'must list at most 500 entries');
}
/** A list that may honestly be empty (no findings, nothing out of scope). */
function itemsMaybeEmpty() {
  return z.array(item).max(500, 'must list at most 500 entries');
}

/** The idea as a first step receives it, made by the orchestrator from the project and the run's variables. */
export const ideaBriefContent = z.strictObject({
  product_idea: item,
  project_name: item,
  target_users: item.optional(),
  tech_constraints: item.optional(),
});

/**
 * Analyst → product manager (seed 000/001's keys, unchanged). `assumptions` is an optional
 * addition: the analyst prompt asks for the assumptions made where the idea is silent.
 */
export const softwareSpecificationContent = z.strictObject({
  requirements: items('requirement'),
  user_stories: items('user story'),
  high_level_features: items('feature'),
  core_idea: item,
  assumptions: itemsMaybeEmpty().optional(),
});

/** Product manager → architect and coders: the first release and how to tell it is done. */
export const productRequirementsContent = z.strictObject({
  release_goal: item,
  features: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'),
        title: item,
        description: item,
        priority: z.enum(['must', 'should', 'could']),
        acceptance_criteria: items('acceptance criterion'),
      }),
    )
    .min(1, 'must list at least one feature in scope')
    .max(500, 'must list at most 500 features'),
  out_of_scope: itemsMaybeEmpty(),
  success_metrics: itemsMaybeEmpty(),
  non_functional_requirements: itemsMaybeEmpty().optional(),
});

/**
 * Architect → coders (seed 000/001's keys, unchanged). The diagram "URL" may be a link or
 * a diagram reference: a local run has no hosted diagram, so it is not checked as a URL.
 * `components` and `interfaces` are optional additions the architect prompt asks for
 * (the lanes build in parallel against the interfaces between them).
 */
export const implementationPlanContent = z.strictObject({
  architecture_diagram_url: z.string().max(10_000, 'must be at most 10000 characters'),
  database_schema: z.string().max(200_000, 'must be at most 200000 characters'),
  tech_stack: items('technology'),
  task_breakdown: items('task'),
  components: itemsMaybeEmpty().optional(),
  interfaces: itemsMaybeEmpty().optional(),
});

/**
 * A file path inside the project workspace. Absolute paths and `..` are refused because
 * these files are written into per-task workspaces and ZIP exports: a path that escapes
 * them would overwrite files outside the project.
 */
const workspacePath = z
  .string()
  .min(1, 'must not be empty')
  .max(1_000, 'must be at most 1000 characters')
  .refine((path) => !/^([/\\]|[A-Za-z]:)/.test(path), 'must be relative to the project root')
  .refine((path) => !path.split(/[/\\]/).includes('..'), "must not contain '..'");

/** Coder → QA: the changed files, whole. */
export const codeChangeContent = z.strictObject({
  summary: item,
  files: z
    .array(
      z.strictObject({
        path: workspacePath,
        content: z.string().max(2_000_000, 'a file must be at most 2000000 characters'),
        language: z.string().trim().min(1).max(50).optional(),
      }),
    )
    .min(1, 'must change at least one file')
    .max(500, 'must change at most 500 files')
    .superRefine((files, ctx) => {
      const seen = new Set<string>();
      files.forEach((file, index) => {
        if (seen.has(file.path)) ctx.addIssue({ code: 'custom', path: [index, 'path'], message: `${file.path} is listed twice` });
        seen.add(file.path);
      });
    }),
});

/** QA → end of the run (or back to the coders). The verdict is `passed`; a failed report must say what failed. */
export const qaReportContent = z
  .strictObject({
    passed: z.boolean(),
    summary: item.optional(),
    findings: itemsMaybeEmpty(),
    tested_items: items('tested item'),
  })
  .superRefine((report, ctx) => {
    if (!report.passed && report.findings.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['findings'], message: 'a failed QA report must list at least one finding' });
    }
  });

const discussedDecision = z
  .strictObject({
    problem: item,
    variants: z
      .array(z.strictObject({ id: z.string().trim().min(1).max(100), title: item, description: item.optional() }))
      .min(1, 'must list at least one variant')
      .max(20, 'must list at most 20 variants'),
    votes: z.array(z.strictObject({ voter: item, variant_id: z.string(), reason: item })).max(50, 'must list at most 50 votes'),
    chosen_variant_id: z.string(),
    justification: item,
  })
  .superRefine((decision, ctx) => {
    const variantIds = new Set(decision.variants.map((variant) => variant.id));
    if (!variantIds.has(decision.chosen_variant_id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['chosen_variant_id'],
        message: `must be one of the variant ids: ${[...variantIds].join(', ')}`,
      });
    }
    decision.votes.forEach((vote, index) => {
      if (!variantIds.has(vote.variant_id)) {
        ctx.addIssue({ code: 'custom', path: ['votes', index, 'variant_id'], message: `"${vote.variant_id}" is not one of the variants` });
      }
    });
  });

/**
 * A persona discussion step's result: each decision with its variants, every vote with its
 * reason, the chosen variant and why. Dissent is not written by the panel but derived from
 * the votes (decisions.ts `dissentOf`), so it cannot disagree with them.
 */
export const discussionOutcomeContent = z.strictObject({
  summary: item,
  decisions: z.array(discussedDecision).max(20, 'must list at most 20 decisions'),
  open_questions: itemsMaybeEmpty().optional(),
});

/** Every handoff type and the schema of its content. */
export const handoffContentSchemas = {
  idea_brief: ideaBriefContent,
  software_specification: softwareSpecificationContent,
  product_requirements: productRequirementsContent,
  implementation_plan: implementationPlanContent,
  code_change: codeChangeContent,
  qa_report: qaReportContent,
  discussion_outcome: discussionOutcomeContent,
} as const;

export type HandoffType = keyof typeof handoffContentSchemas;
export const HandoffType = z.enum(Object.keys(handoffContentSchemas) as HandoffType[]);
export type HandoffContent<T extends HandoffType = HandoffType> = z.infer<(typeof handoffContentSchemas)[T]>;

/** The registry seen as "each type → a schema of that type's content", so lookups with a generic type need no casts (microsoft/TypeScript#47109). */
const contentSchemas: { [K in HandoffType]: z.ZodType<HandoffContent<K>> } = handoffContentSchemas;

/** The artifact type a handoff is stored as. */
export const artifactTypeOfHandoff: Record<HandoffType, ArtifactType> = {
  idea_brief: 'doc',
  software_specification: 'spec',
  product_requirements: 'spec',
  implementation_plan: 'plan',
  code_change: 'code',
  qa_report: 'test',
  discussion_outcome: 'decision',
};

/** The seeds' HandoffSchema, camelCased. */
export const handoffEnvelope = z.strictObject({
  projectId: entityId,
  /** The role of the step that produced it, or "orchestrator" for the idea brief. */
  sourceAgent: identifier,
  targetAgent: identifier,
  handoffType: HandoffType,
  content: z.unknown(),
});

interface HandoffOf<T extends HandoffType> {
  projectId: string;
  sourceAgent: string;
  targetAgent: string;
  handoffType: T;
  content: HandoffContent<T>;
}
type HandoffsByType = { [K in HandoffType]: HandoffOf<K> };
/** A validated handoff; narrow on `handoffType` to get its content's type. */
export type Handoff<T extends HandoffType = HandoffType> = HandoffsByType[T];

export type HandoffValidation<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/**
 * Validate content against its handoff type. Errors name JSON paths from the content root
 * (`user_stories[2]`), ready to be shown to a person or fed back to the LLM for repair.
 */
export function validateHandoffContent<T extends HandoffType>(type: T, content: unknown): HandoffValidation<HandoffContent<T>> {
  const schema: z.ZodType<HandoffContent<T>> = contentSchemas[type];
  const result = schema.safeParse(content);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: formatIssues(result.error.issues) };
}

/** Validate a whole envelope: first its fields, then its content against the declared type (paths like `content.files[0].path`). */
export function validateHandoff(envelope: unknown): HandoffValidation<Handoff> {
  const parsedEnvelope = handoffEnvelope.safeParse(envelope);
  if (!parsedEnvelope.success) {
    return { ok: false, errors: formatIssues(parsedEnvelope.error.issues) };
  }
  const { content, ...fields } = parsedEnvelope.data;
  return validateEnvelopeContent(fields, content);
}

function validateEnvelopeContent<T extends HandoffType>(
  fields: { projectId: string; sourceAgent: string; targetAgent: string; handoffType: T },
  content: unknown,
): HandoffValidation<Handoff> {
  const schema: z.ZodType<HandoffContent<T>> = contentSchemas[fields.handoffType];
  const result = schema.safeParse(content);
  if (!result.success) return { ok: false, errors: formatIssues(result.error.issues, ['content']) };
  const handoff: HandoffOf<T> = { ...fields, content: result.data };
  // HandoffOf<T> is Handoff<T> for every single T; TypeScript cannot see through the
  // mapped type while T is still generic.
  return { ok: true, value: handoff as Handoff };
}

/**
 * The JSON Schema of a handoff type's content, to send as an LLM's structured-output
 * `response_format`. Refinements (unique paths, "a failed report needs findings") cannot be
 * expressed in JSON Schema; validateHandoffContent still enforces them on the answer.
 */
export function handoffJsonSchema(type: HandoffType): Record<string, unknown> {
  return z.toJSONSchema(handoffContentSchemas[type], { target: 'draft-2020-12' });
}
