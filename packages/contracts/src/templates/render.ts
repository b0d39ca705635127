import type { WorkflowStep, WorkflowTemplate } from './schema';

export type TemplateVariableValue = string | number | boolean;
export type TemplateVariables = Readonly<Record<string, TemplateVariableValue | undefined>>;

/** `{{name}}` or `{{ name }}`; names use the same characters as declared variables. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export class MissingVariablesError extends Error {
  /** Variable names, sorted. */
  readonly missing: readonly string[];

  constructor(missing: readonly string[], detail?: string) {
    super(`Missing template variables: ${detail ?? missing.join(', ')}`);
    this.name = 'MissingVariablesError';
    this.missing = missing;
  }
}

/** The distinct placeholder names in `text`, in order of first use. */
export function findPlaceholders(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (match) => match[1] ?? ''))];
}

export interface RenderResult {
  text: string;
  /** Variables that appeared in the text, in order of first use. */
  variablesUsed: string[];
}

/**
 * Replaces every `{{name}}` with its value, or throws MissingVariablesError naming all the
 * variables without one. Replacement is a single pass, so a value that itself contains
 * `{{...}}` (a product idea might) comes through verbatim instead of being expanded.
 */
export function renderTemplate(text: string, variables: TemplateVariables): RenderResult {
  const variablesUsed = findPlaceholders(text);
  const missing = variablesUsed.filter((name) => variables[name] === undefined).sort();
  if (missing.length > 0) throw new MissingVariablesError(missing);
  const rendered = text.replace(PLACEHOLDER, (_match, name: string) => String(variables[name]));
  return { text: rendered, variablesUsed };
}

export interface RenderedWorkflow extends WorkflowTemplate {
  /** Every declared variable with the value used: the caller's, else the default. */
  values: Record<string, string>;
  /** Declared variables that some step's instructions used. */
  variablesUsed: string[];
  /** Supplied variables the workflow does not declare; they were not used. */
  ignoredVariables: string[];
}

/**
 * Resolves the workflow's declared variables (caller's value, else the default) and
 * renders every step's instructions. Throws MissingVariablesError listing every required
 * variable that is absent or blank and every used variable with neither value nor default.
 */
export function renderWorkflow(workflow: WorkflowTemplate, variables: TemplateVariables): RenderedWorkflow {
  const values = resolveVariables(workflow, variables);
  const declared = new Set(workflow.variables.map((variable) => variable.name));

  const usedBy = new Map<string, string[]>();
  for (const step of workflow.steps) {
    for (const name of findPlaceholders(step.instructions)) {
      usedBy.set(name, [...(usedBy.get(name) ?? []), step.id]);
    }
  }

  const missing = new Set<string>();
  for (const variable of workflow.variables) {
    if (variable.required && (values[variable.name] ?? '').trim() === '') missing.add(variable.name);
  }
  for (const name of usedBy.keys()) {
    if (values[name] === undefined) missing.add(name);
  }
  if (missing.size > 0) {
    const names = [...missing].sort();
    const detail = names
      .map((name) => {
        const steps = usedBy.get(name);
        return steps ? `${name} (used by step ${steps.join(', ')})` : `${name} (required)`;
      })
      .join(', ');
    throw new MissingVariablesError(names, detail);
  }

  const steps = workflow.steps.map((step): WorkflowStep => ({ ...step, instructions: renderTemplate(step.instructions, values).text }));
  return {
    ...workflow,
    steps,
    values,
    variablesUsed: workflow.variables.map((variable) => variable.name).filter((name) => usedBy.has(name)),
    ignoredVariables: Object.keys(variables).filter((name) => !declared.has(name)),
  };
}

function resolveVariables(workflow: WorkflowTemplate, variables: TemplateVariables): Record<string, string> {
  const values: Record<string, string> = {};
  for (const variable of workflow.variables) {
    const supplied = variables[variable.name];
    const value = supplied === undefined ? variable.default : String(supplied);
    if (value !== undefined) values[variable.name] = value;
  }
  return values;
}
