import type { SearchHit, SearchKind } from '../api/outputs';

// What the search page shows for each result: a label for its kind, and the place that opens it.

export const SEARCH_KIND_LABELS: Record<SearchKind, { one: string; many: string }> = {
  project: { one: 'Project', many: 'Projects' },
  task: { one: 'Task', many: 'Tasks' },
  artifact: { one: 'Artifact', many: 'Artifacts' },
  decision: { one: 'Decision', many: 'Decisions' },
  hitl: { one: 'Approval', many: 'Approvals' },
  message: { one: 'Message', many: 'Messages' },
};

export const SEARCH_KIND_ORDER: readonly SearchKind[] = ['project', 'task', 'artifact', 'decision', 'hitl', 'message'];

/**
 * Where a result opens: a task in its project's graph, an artifact at its version in the
 * Artifacts tab, a request in Approvals, a project itself; decisions and messages in their
 * project (the dashboard has no conversation page yet). Null when there is nowhere to go.
 */
export function searchHitHref(hit: SearchHit): string | null {
  if (hit.kind === 'project') return `/projects/${hit.id}`;
  if (hit.projectId === null) return null;
  const project = `/projects/${hit.projectId}`;
  switch (hit.kind) {
    case 'task':
      return `${project}?tab=graph&task=${hit.id}`;
    case 'artifact':
      return `${project}?tab=artifacts&artifact=${hit.id}`;
    case 'hitl':
      return `${project}?tab=approvals&request=${hit.id}`;
    case 'decision':
    case 'message':
      return project;
  }
}

/** Results grouped by kind, groups in the order their best result ranks. */
export function groupSearchHits(hits: readonly SearchHit[]): Array<{ kind: SearchKind; hits: SearchHit[] }> {
  const groups = new Map<SearchKind, SearchHit[]>();
  for (const hit of hits) groups.set(hit.kind, [...(groups.get(hit.kind) ?? []), hit]);
  return [...groups.entries()].map(([kind, list]) => ({ kind, hits: list }));
}

/** The filters a search runs with, as they live in the URL. */
export interface SearchFilters {
  kinds: SearchKind[];
  projectId: string | null;
  status: string | null;
  agent: string | null;
  /** Calendar days (YYYY-MM-DD), inclusive. */
  fromDay: string | null;
  toDay: string | null;
}

/** The API's from / to for calendar days: from the start of the first day to the end of the last (UTC). */
export function dayRange(fromDay: string | null, toDay: string | null): { from?: string; to?: string } {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const range: { from?: string; to?: string } = {};
  if (fromDay !== null && day.test(fromDay)) range.from = `${fromDay}T00:00:00.000Z`;
  if (toDay !== null && day.test(toDay)) {
    const end = new Date(`${toDay}T00:00:00.000Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    range.to = end.toISOString();
  }
  return range;
}
