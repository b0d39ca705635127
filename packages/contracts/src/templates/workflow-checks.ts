/**
 * Checks of one workflow on its own (no other templates needed). Paths use the YAML keys
 * (`depends_on`, not `dependsOn`) so the loader can point at the exact line; callers that
 * build workflows in code can use the same checks and print the paths as they are.
 */
import { findCycle, upstreamOf } from './graph';
import type { FieldPath } from './issues';
import { findPlaceholders } from './render';
import type { WorkflowTemplate } from './schema';

export interface WorkflowProblem {
  path: FieldPath;
  message: string;
}

const quoted = (values: Iterable<string>): string => [...values].map((value) => `"${value}"`).join(', ');

export function validateWorkflowStructure(workflow: WorkflowTemplate): WorkflowProblem[] {
  const problems = [...duplicateStepIds(workflow), ...unknownDependencies(workflow), ...undeclaredPlaceholders(workflow)];
  // Cycles and handoff reachability are only meaningful on a graph whose edges all resolve.
  if (problems.length > 0) return problems;
  const cycle = dependencyCycle(workflow);
  if (cycle) return [cycle];
  return unproducedHandoffs(workflow);
}

function duplicateStepIds(workflow: WorkflowTemplate): WorkflowProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: WorkflowProblem[] = [];
  workflow.steps.forEach((step, index) => {
    const first = firstIndex.get(step.id);
    if (first === undefined) {
      firstIndex.set(step.id, index);
    } else {
      problems.push({ path: ['steps', index, 'id'], message: `duplicate step id "${step.id}" (steps[${first}] already uses it)` });
    }
  });
  return problems;
}

function unknownDependencies(workflow: WorkflowTemplate): WorkflowProblem[] {
  const ids = new Set(workflow.steps.map((step) => step.id));
  return workflow.steps.flatMap((step, index) =>
    step.dependsOn.flatMap((dep, depIndex): WorkflowProblem[] =>
      ids.has(dep)
        ? []
        : [{ path: ['steps', index, 'depends_on', depIndex], message: `unknown step "${dep}"; the steps are ${quoted(ids)}` }],
    ),
  );
}

function undeclaredPlaceholders(workflow: WorkflowTemplate): WorkflowProblem[] {
  const declared = new Set(workflow.variables.map((variable) => variable.name));
  return workflow.steps.flatMap((step, index) => {
    const undeclared = findPlaceholders(step.instructions).filter((name) => !declared.has(name));
    if (undeclared.length === 0) return [];
    const names = undeclared.map((name) => `{{${name}}}`).join(', ');
    const known = declared.size > 0 ? `declared: ${quoted(declared)}` : 'none are declared';
    return [{ path: ['steps', index, 'instructions'], message: `uses ${names}, not declared under variables (${known})` }];
  });
}

function dependencyCycle(workflow: WorkflowTemplate): WorkflowProblem | undefined {
  const cycle = findCycle(workflow.steps);
  const [first, second] = cycle ?? [];
  if (first === undefined || second === undefined) return undefined;
  const index = workflow.steps.findIndex((step) => step.id === first);
  const depIndex = workflow.steps[index]?.dependsOn.indexOf(second) ?? 0;
  return { path: ['steps', index, 'depends_on', depIndex], message: `dependency cycle: ${(cycle ?? []).join(' → ')}` };
}

/** Agents only receive what their step declares, so every consumed type must come from upstream. */
function unproducedHandoffs(workflow: WorkflowTemplate): WorkflowProblem[] {
  const upstream = upstreamOf(workflow.steps);
  const producerOf = new Map(workflow.steps.map((step) => [step.id, step.produces]));
  return workflow.steps.flatMap((step, index) => {
    const ancestors = upstream.get(step.id) ?? new Set<string>();
    const available = new Set([...ancestors].map((id) => producerOf.get(id)));
    return step.consumes.flatMap((type, typeIndex): WorkflowProblem[] => {
      if (available.has(type)) return [];
      const producers = workflow.steps.filter((other) => other.produces === type && other.id !== step.id);
      const hint =
        producers.length > 0
          ? `; step ${quoted(producers.map((p) => p.id))} produces it: add it to depends_on`
          : '; no step in this workflow produces it';
      return [
        {
          path: ['steps', index, 'consumes', typeIndex],
          message: `consumes "${type}", which no step upstream of "${step.id}" produces${hint}`,
        },
      ];
    });
  });
}
