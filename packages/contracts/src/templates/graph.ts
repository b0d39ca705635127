/** Dependency-graph helpers shared by the loader's checks, waves and team validation. */

export interface DependencyNode {
  id: string;
  dependsOn: readonly string[];
}

/**
 * The first dependency cycle found, as a closed path (`['a', 'b', 'a']` means a depends on
 * b and b on a), or undefined. Nodes are visited in declaration order so the reported
 * cycle is stable from run to run. Dependencies on unknown ids are ignored here.
 */
export function findCycle(nodes: readonly DependencyNode[]): string[] | undefined {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const done = new Set<string>();
  const onPath: string[] = [];

  const visit = (id: string): string[] | undefined => {
    const index = onPath.indexOf(id);
    if (index !== -1) return [...onPath.slice(index), id];
    if (done.has(id)) return undefined;
    const node = byId.get(id);
    if (node === undefined) return undefined;
    onPath.push(id);
    for (const dep of node.dependsOn) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(id);
    return undefined;
  };

  for (const node of nodes) {
    const cycle = visit(node.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/**
 * For each node, every node it depends on directly or transitively. Assumes the graph is
 * acyclic (check with findCycle first); unknown ids are ignored.
 */
export function upstreamOf(nodes: readonly DependencyNode[]): Map<string, Set<string>> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const memo = new Map<string, Set<string>>();

  const collect = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const upstream = new Set<string>();
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      upstream.add(dep);
      for (const transitive of collect(dep)) upstream.add(transitive);
    }
    memo.set(id, upstream);
    return upstream;
  };

  return new Map(nodes.map((node) => [node.id, collect(node.id)]));
}
