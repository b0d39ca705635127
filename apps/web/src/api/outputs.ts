import type { AppRouter } from '@quarterdeck/api/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

// What procedures return and take, inferred from the router type: when the API changes a
// shape, the dashboard stops compiling at the place that reads it.

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

export type ProjectOutput = RouterOutputs['projects']['get'];
export type ProjectListItem = RouterOutputs['projects']['list']['items'][number];
export type RunOutput = RouterOutputs['runs']['get'];
export type TaskListItem = RouterOutputs['tasks']['list']['items'][number];
export type ArtifactSummary = RouterOutputs['artifacts']['list']['items'][number];
export type ArtifactWithContent = RouterOutputs['artifacts']['get'];
export type ArtifactLineageOutput = RouterOutputs['artifacts']['lineage'];
export type HitlListItem = RouterOutputs['hitl']['listForProject']['items'][number];
export type QueriedEvent = RouterOutputs['events']['query'] extends { items: Array<infer Item> }
  ? Item
  : RouterOutputs['events']['query'] extends Array<infer Item>
    ? Item
    : never;
export type AgentListItem = RouterOutputs['agents']['list']['items'][number];
export type Me = RouterOutputs['auth']['me'];
export type SearchOutput = RouterOutputs['search']['query'];
export type SearchHit = SearchOutput['items'][number];
export type SearchFacets = SearchOutput['facets'];
export type SearchKind = SearchFacets['kinds'][number]['kind'];
export type ArtifactReviews = RouterOutputs['artifacts']['reviews'];
export type BundleSummary = RouterOutputs['artifacts']['bundleSummary'];
