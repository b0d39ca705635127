import type { DependencyNode } from './graph';
import { findCycle } from './graph';

/** A workflow whose step graph cannot be layered: it has a cycle or an unknown dependency. */
export class WorkflowGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowGraphError';
  }
}

/**
 * Dependency layers of a workflow: wave N holds the steps whose dependencies all lie in
 * waves before N. A step sits in the wave after its deepest dependency (the longest path
 * decides), so a run can open wave N+1 exactly when wave N completes. Within a wave, steps
 * keep their declaration order.
 */
export function computeWaves(workflow: { steps: readonly DependencyNode[] }): string[][] {
  const { steps } = workflow;
  const ids = new Set(steps.map((step) => step.id));
  for (const step of steps) {
    const unknown = step.dependsOn.find((dep) => !ids.has(dep));
    if (unknown !== undefined) {
      throw new WorkflowGraphError(`step "${step.id}" depends on unknown step "${unknown}"`);
    }
  }
  const cycle = findCycle(steps);
  if (cycle) throw new WorkflowGraphError(`dependency cycle: ${cycle.join(' → ')}`);

  const byId = new Map(steps.map((step) => [step.id, step]));
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const deps = byId.get(id)?.dependsOn ?? [];
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(depthOf));
    depth.set(id, value);
    return value;
  };

  const waves: string[][] = [];
  for (const step of steps) {
    const wave = depthOf(step.id);
    while (waves.length <= wave) waves.push([]);
    waves[wave]?.push(step.id);
  }
  return waves;
}
