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
// A full software-delivery run hands off in this order:
//   idea_brief → analyst → software_specification → product manager → product_requirements
//   → architect → implementation_plan → coders → code_change → QA → qa_report
// and a persona discussion step produces a discussion_outcome.
//
// Content objects are strict (unknown keys are errors) because their JSON Schema is sent as
// the LLM's response_format, where `additionalProperties: false` keeps the model on the shape.

const item = z.string().trim().min(1, 'must not be empty').max(10_000, 'must be at most 10000 characters');
function items(what: string) {
  return z.array(item).min(1, `must list at least one ${what}`).max(500, `must list at most 500 ${what}s`);
}
function optionalItems() {
  return z.array(item).max(500, 'must list at most 500 entries');
}

/** The idea as the first step receives it, made by the orchestrator from the project. */
export const ideaBriefContent = z.strictObject({
  product_idea: item,
  project_name: item,
  constraints: optionalItems(),
});

/** Analyst → next step (seed 000/001, unchanged). */
export const softwareSpecificationContent = z.strictObject({
  requirements: items('requirement'),
  user_stories: items('user story'),
  high_level_features: items('feature'),
  core_idea: item,
});

/** Product manager → architect: what to build and how to tell it is done. */
export const productRequirementsContent = z.strictObject({
  summary: item,
  goals: items('goal'),
  functional_requirements: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1).max(50),
        description: item,
        priority: z.enum(['must', 'should', 'could']),
        acceptance_criteria: items('acceptance criterion'),
      }),
    )
    .min(1, 'must list at least one functional requirement')
    .max(500),
  non_functional_requirements: optionalItems(),
  out_of_scope: optionalItems(),
});

/** Architect → coders (seed 000/001, unchanged). The diagram "URL" may be a link or a diagram reference; a local run has no hosted diagram, so it is not checked as a URL. */
export const implementationPlanContent = z.strictObject({
  architecture_diagram_url: z.string().max(10_000),
  database_schema: z.string().max(200_000),
  tech_stack: items('technology'),
  task_breakdown: items('task'),
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

/** QA → end of the run (or back to the coders). A failed report must say what failed. */
export const qaReportContent = z
  .strictObject({
    passed: z.boolean(),
    findings: optionalItems(),
    tested_items: items('tested item'),
  })
  .superRefine((report, ctx) => {
    if (!report.passed && report.findings.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['findings'], message: 'a failed QA report must list at least one finding' });
    }
  });

/** A persona discussion step's result: what was decided, and who disagreed. */
export const discussionOutcomeContent = z.strictObject({
  summary: item,
  decisions: z
    .array(
      z.strictObject({
        problem: item,
        chosen_option: item,
        justification: item,
        dissent: optionalItems(),
      }),
    )
    .max(50),
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
