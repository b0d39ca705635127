import { AppError, entityId } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { z } from 'zod';
import { KIND_SOURCES, type AgentFilter, type Param } from './search-sources';
import { idRangeOf, MATCH_END, MATCH_START, SEARCH_CONFIG, snippetHtml, snippetSegments, tsQueryPlan, type IdRange } from './search-query';
import { SEARCH_KINDS, searchHit, type SearchHit, type SearchInput, type SearchKind, type SearchOutput } from './search.types';

// Full-text search over projects, tasks, artifacts, decisions, HITL requests and messages.
// Each table's `search_vector` (GIN-indexed, kept by triggers) is matched with the query; one
// statement ranks every kind together (ts_rank_cd with the A–D weights) and pages with a
// keyset cursor (rank, kind, id); a second reads the page's rows and their snippets
// (ts_headline, on the page only); two more count matches per kind and per project, each
// count stopping at FACET_CAP so a common word costs a bounded amount.
//
// Ranking needs each candidate's vector, so ranking every match of a word in 15 % of a
// million messages reads most of the table (seconds). Each kind therefore ranks its newest
// RANKED_CANDIDATES matches: for a rare word that is all of them (the GIN index finds them),
// for a common one Postgres walks the created_at index backwards and stops after that many.
// Broad queries are ranked among recent matches; the facet counts say how many there are.

/** Counts stop here: "1000+" says enough, and counting every match of a common word would not be cheap. */
export const FACET_CAP = 1000;
/** Matches per kind that are ranked (the newest). */
export const RANKED_CANDIDATES = 500;
/**
 * Counting stops at the cap; in this order Postgres can stop early on a common word by walking
 * the created_at index backwards, instead of collecting every match from the GIN index first.
 */
const NEWEST_FIRST = 'ORDER BY t.created_at DESC';
/** Rank of a thing found by its id: above any text rank, so the thing named comes first. */
const ID_MATCH_RANK = 1000;
/** Words around each match, and fragments joined, in a snippet. */
const HEADLINE_OPTIONS = `StartSel="${MATCH_START}", StopSel="${MATCH_END}", MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

const KIND_ORDER = new Map<SearchKind, number>(SEARCH_KINDS.map((kind, index) => [kind, index]));

export type SearchFilters = Omit<SearchInput, 'q' | 'kinds' | 'cursor' | 'limit' | 'direction'>;

export interface PreparedQuery {
  /** The tsquery as text (`''` when the words were all stop words). */
  tsquery: string;
  hasTerms: boolean;
  idRange: IdRange | null;
}

interface Cursor {
  rank: number;
  kindOrder: number;
  id: string;
}

const cursorShape = z.tuple([
  z.number(),
  z
    .number()
    .int()
    .min(0)
    .max(SEARCH_KINDS.length - 1),
  entityId,
]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.rank, cursor.kindOrder, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch (error) {
    throw new AppError('BAD_REQUEST', 'cursor is not one this server gave out: pass nextCursor unchanged', {
      field: 'cursor',
      cause: error,
    });
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success)
    throw new AppError('BAD_REQUEST', 'cursor is not one this server gave out: pass nextCursor unchanged', { field: 'cursor' });
  const [rank, kindOrder, id] = result.data;
  return { rank, kindOrder, id };
}

function sqlParams() {
  const values: unknown[] = [];
  const param: Param = (value, cast = '') => {
    values.push(value);
    return `$${values.length}${cast}`;
  };
  return { values, param };
}

/** The query as Postgres will match it: parsed once, reused by every statement of a search. */
export async function prepareQuery(db: Db, text: string): Promise<PreparedQuery> {
  const plan = tsQueryPlan(text, 1);
  const [row] = await db.$queryRawUnsafe<Array<{ tsquery: string; nodes: number }>>(
    `SELECT q::text AS tsquery, numnode(q)::int AS nodes FROM (SELECT ${plan.sql} AS q) s`,
    ...plan.params,
  );
  return { tsquery: row?.tsquery ?? '', hasTerms: (row?.nodes ?? 0) > 0, idRange: idRangeOf(text) };
}

function agentFilterOf(agent: string | undefined): AgentFilter | null {
  if (agent === undefined) return null;
  return entityId.safeParse(agent).success ? { agentId: agent } : { name: agent };
}

/**
 * The conditions that select one kind's matches under the filters, or null when a filter
 * rules the whole kind out (a run filter on projects, a status filter on artifacts).
 */
function kindConditions(
  kind: SearchKind,
  query: PreparedQuery,
  filters: SearchFilters,
  param: Param,
  ignore: { project?: boolean } = {},
): string[] | null {
  const source = KIND_SOURCES[kind];
  const agent = agentFilterOf(filters.agent);
  // A kind a filter rules out adds no parameters: an unused one would have no type.
  if (
    (filters.runId !== undefined && source.runId === null) ||
    (filters.conversationId !== undefined && source.conversationId === null) ||
    (filters.status !== undefined && source.status === null) ||
    (agent !== null && source.agent === null) ||
    (!query.hasTerms && query.idRange === null)
  ) {
    return null;
  }
  const matches: string[] = [];
  if (query.hasTerms) matches.push(`t.search_vector @@ ${param(query.tsquery, '::tsquery')}`);
  if (query.idRange !== null) matches.push(`t.id BETWEEN ${param(query.idRange.low, '::uuid')} AND ${param(query.idRange.high, '::uuid')}`);
  const conditions = [`(${matches.join(' OR ')})`];
  if (filters.projectId !== undefined && ignore.project !== true)
    conditions.push(`${source.projectId} = ${param(filters.projectId, '::uuid')}`);
  if (filters.runId !== undefined && source.runId !== null) conditions.push(`${source.runId} = ${param(filters.runId, '::uuid')}`);
  if (filters.conversationId !== undefined && source.conversationId !== null) {
    conditions.push(`${source.conversationId} = ${param(filters.conversationId, '::uuid')}`);
  }
  if (filters.status !== undefined && source.status !== null) conditions.push(`${source.status} = ${param(filters.status)}`);
  if (agent !== null && source.agent !== null) conditions.push(source.agent(agent, param));
  if (filters.from !== undefined) conditions.push(`t.created_at >= ${param(filters.from, '::timestamptz')}`);
  if (filters.to !== undefined) conditions.push(`t.created_at < ${param(filters.to, '::timestamptz')}`);
  return conditions;
}

function rankSql(query: PreparedQuery, param: Param): string {
  const textRank = query.hasTerms ? `ts_rank_cd(t.search_vector, ${param(query.tsquery, '::tsquery')}, 1)` : '0::real';
  if (query.idRange === null) return textRank;
  return `CASE WHEN t.id BETWEEN ${param(query.idRange.low, '::uuid')} AND ${param(query.idRange.high, '::uuid')} THEN ${ID_MATCH_RANK}::real ELSE ${textRank} END`;
}

function cursorCondition(kind: SearchKind, cursor: Cursor | null, param: Param): string {
  if (cursor === null) return 'true';
  const order = KIND_ORDER.get(kind) ?? 0;
  const rank = param(cursor.rank, '::real');
  if (order < cursor.kindOrder) return `s.rank < ${rank}`;
  if (order > cursor.kindOrder) return `s.rank <= ${rank}`;
  return `(s.rank < ${rank} OR (s.rank = ${rank} AND s.id > ${param(cursor.id, '::uuid')}))`;
}

interface PageRow {
  kind: SearchKind;
  id: string;
  rank: number;
}

/** Each kind's best matches after the cursor, one statement per kind run side by side, merged in rank order. */
async function rankedPage(
  db: Db,
  kinds: readonly SearchKind[],
  query: PreparedQuery,
  filters: SearchFilters,
  cursor: Cursor | null,
  limit: number,
): Promise<PageRow[]> {
  const perKind = await Promise.all(
    kinds.map(async (kind) => {
      const { values, param } = sqlParams();
      const conditions = kindConditions(kind, query, filters, param);
      if (conditions === null) return [];
      const rows = await db.$queryRawUnsafe<Array<{ id: string; rank: number }>>(
        `SELECT s.id::text AS id, s.rank
         FROM (SELECT t.id, ${rankSql(query, param)} AS rank
               FROM (SELECT t.id, t.search_vector FROM ${KIND_SOURCES[kind].from} WHERE ${conditions.join(' AND ')}
                     ${NEWEST_FIRST}, t.id DESC LIMIT ${RANKED_CANDIDATES}) t) s
         WHERE ${cursorCondition(kind, cursor, param)}
         ORDER BY s.rank DESC, s.id LIMIT ${limit + 1}`,
        ...values,
      );
      return rows.map((row) => ({ kind, id: row.id, rank: row.rank }));
    }),
  );
  // Postgres orders UUIDs like their lower-case text, so this is the order the cursor conditions assume.
  return perKind
    .flat()
    .sort(
      (a, b) =>
        b.rank - a.rank || (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, limit + 1);
}

interface DetailRow {
  id: string;
  title: string;
  headline: string | null;
  projectId: string | null;
  projectName: string | null;
  runId: string | null;
  createdAt: Date;
  [field: string]: unknown;
}

/** Per kind: the fields a result shows beyond the common ones (SQL, with `t` the row). */
const DETAIL_COLUMNS: Record<SearchKind, string> = {
  project: 't.name AS title, t.status::text AS status',
  task: 't.title, t.status::text AS status, t.role',
  artifact:
    't.name AS title, t.logical_key AS "logicalKey", t.version, t.artifact_type::text AS "artifactType", t.handoff_type AS "handoffType", t.source_agent AS "sourceAgent"',
  decision: 't.problem AS title, t.conversation_id::text AS "conversationId"',
  hitl: 'left(t.question, 300) AS title, t.status::text AS status, t.kind::text AS "hitlKind", t.task_id::text AS "taskId"',
  message: `t.sender_id || ' in ' || c.title AS title, t.conversation_id::text AS "conversationId", c.title AS "conversationTitle", c.status::text AS "conversationStatus", t.sender_id AS "senderId", t.message_type::text AS "messageType"`,
};

async function pageDetails(db: Db, kind: SearchKind, ids: string[], query: PreparedQuery): Promise<Map<string, DetailRow>> {
  const source = KIND_SOURCES[kind];
  const { values, param } = sqlParams();
  // Without words (an id search) the snippet is the start of the text.
  const tsquery = param(query.hasTerms ? query.tsquery : '', '::tsquery');
  const rows = await db.$queryRawUnsafe<DetailRow[]>(
    `SELECT t.id::text AS id, ${DETAIL_COLUMNS[kind]},
       ts_headline('${SEARCH_CONFIG}', translate(${source.snippetText}, ${param(MATCH_START + MATCH_END)}, ''), ${tsquery}, ${param(HEADLINE_OPTIONS)}) AS headline,
       p.id::text AS "projectId", p.name AS "projectName", ${source.runId ?? 'NULL'}::text AS "runId", t.created_at AS "createdAt"
     FROM ${source.from} LEFT JOIN projects p ON p.id = ${source.projectId}
     WHERE t.id = ANY(${param(ids, '::uuid[]')})`,
    ...values,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

function toHit(kind: SearchKind, row: DetailRow, rank: number, query: PreparedQuery): SearchHit {
  const segments = snippetSegments(row.headline ?? '');
  const matchedId = query.idRange !== null && row.id >= query.idRange.low && row.id <= query.idRange.high;
  const base = {
    id: row.id,
    title: row.title,
    snippet: segments,
    snippetHtml: snippetHtml(segments),
    rank,
    matchedId,
    projectId: row.projectId,
    projectName: row.projectName,
    runId: row.runId,
    createdAt: row.createdAt.toISOString(),
  };
  // The kind's own columns (DETAIL_COLUMNS), checked against its result schema.
  return searchHit.parse({ kind, ...base, ...pick(row, KIND_FIELDS[kind]) });
}

const KIND_FIELDS: Record<SearchKind, string[]> = {
  project: ['status'],
  task: ['status', 'role'],
  artifact: ['logicalKey', 'version', 'artifactType', 'handoffType', 'sourceAgent'],
  decision: ['conversationId'],
  hitl: ['status', 'hitlKind', 'taskId'],
  message: ['conversationId', 'conversationTitle', 'conversationStatus', 'senderId', 'messageType'],
};

function pick(row: DetailRow, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((field) => field in row).map((field) => [field, row[field]]));
}

async function kindFacets(db: Db, query: PreparedQuery, filters: SearchFilters): Promise<SearchOutput['facets']['kinds']> {
  const { values, param } = sqlParams();
  const parts = SEARCH_KINDS.flatMap((kind) => {
    const conditions = kindConditions(kind, query, filters, param);
    if (conditions === null) return [];
    return [
      `SELECT '${kind}'::text AS kind, (SELECT count(*)::int FROM (SELECT 1 FROM ${KIND_SOURCES[kind].from} WHERE ${conditions.join(' AND ')} ${NEWEST_FIRST} LIMIT ${FACET_CAP + 1}) m) AS count`,
    ];
  });
  if (parts.length === 0) return [];
  const rows = await db.$queryRawUnsafe<Array<{ kind: SearchKind; count: number }>>(parts.join(' UNION ALL '), ...values);
  return rows
    .filter((row) => row.count > 0)
    .map((row) => ({ kind: row.kind, count: Math.min(row.count, FACET_CAP), capped: row.count > FACET_CAP }));
}

async function projectFacets(
  db: Db,
  kinds: readonly SearchKind[],
  query: PreparedQuery,
  filters: SearchFilters,
): Promise<SearchOutput['facets']['projects']> {
  const { values, param } = sqlParams();
  const parts = kinds.flatMap((kind) => {
    const conditions = kindConditions(kind, query, filters, param, { project: true });
    if (conditions === null) return [];
    const source = KIND_SOURCES[kind];
    return [
      `(SELECT '${kind}'::text AS kind, ${source.projectId} AS project_id FROM ${source.from} WHERE ${conditions.join(' AND ')} ${NEWEST_FIRST} LIMIT ${FACET_CAP + 1})`,
    ];
  });
  if (parts.length === 0) return [];
  const rows = await db.$queryRawUnsafe<Array<{ projectId: string; name: string; count: number; capped: boolean }>>(
    `WITH hits AS (${parts.join(' UNION ALL ')}),
       capped AS (SELECT coalesce(bool_or(n > ${FACET_CAP}), false) AS hit_cap FROM (SELECT count(*) AS n FROM hits GROUP BY kind) k)
     SELECT p.id::text AS "projectId", p.name, count(*)::int AS count, (SELECT hit_cap FROM capped) AS capped
     FROM hits h JOIN projects p ON p.id = h.project_id
     GROUP BY p.id, p.name ORDER BY count DESC, p.id LIMIT 10`,
    ...values,
  );
  return rows;
}

/** Matches of one page, in rank order, with their details and snippets. */
export async function searchPage(
  db: Db,
  query: PreparedQuery,
  input: { kinds?: SearchKind[] | undefined; cursor?: string | undefined; limit: number } & SearchFilters,
): Promise<{ items: SearchHit[]; nextCursor: string | null }> {
  const cursor = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const kinds = input.kinds ?? [...SEARCH_KINDS];
  const rows = await rankedPage(db, kinds, query, input, cursor, input.limit);
  const page = rows.slice(0, input.limit);
  const details = new Map<SearchKind, Map<string, DetailRow>>();
  await Promise.all(
    SEARCH_KINDS.map(async (kind) => {
      const ids = page.filter((row) => row.kind === kind).map((row) => row.id);
      if (ids.length > 0) details.set(kind, await pageDetails(db, kind, ids, query));
    }),
  );
  const items = page.flatMap((row) => {
    const detail = details.get(row.kind)?.get(row.id);
    return detail === undefined ? [] : [toHit(row.kind, detail, row.rank, query)];
  });
  const last = page.at(-1);
  const nextCursor =
    rows.length > input.limit && last !== undefined
      ? encodeCursor({ rank: last.rank, kindOrder: KIND_ORDER.get(last.kind) ?? 0, id: last.id })
      : null;
  return { items, nextCursor };
}

/** One page of results with facet counts for the whole query. */
export async function search(db: Db, input: SearchInput): Promise<SearchOutput> {
  const { q, kinds, cursor: _cursor, limit: _limit, direction: _direction, ...filters } = input;
  const query = await prepareQuery(db, q);
  const [page, kindCounts, projects] = await Promise.all([
    searchPage(db, query, input),
    kindFacets(db, query, filters),
    projectFacets(db, kinds ?? [...SEARCH_KINDS], query, filters),
  ]);
  return { items: page.items, nextCursor: page.nextCursor, facets: { kinds: kindCounts, projects } };
}

/** How many things of one kind match (up to FACET_CAP). */
export async function countMatches(
  db: Db,
  kind: SearchKind,
  query: PreparedQuery,
  filters: SearchFilters,
): Promise<{ count: number; capped: boolean }> {
  const { values, param } = sqlParams();
  const conditions = kindConditions(kind, query, filters, param);
  if (conditions === null) return { count: 0, capped: false };
  const [row] = await db.$queryRawUnsafe<Array<{ count: number }>>(
    `SELECT count(*)::int AS count FROM (SELECT 1 FROM ${KIND_SOURCES[kind].from} WHERE ${conditions.join(' AND ')} ${NEWEST_FIRST} LIMIT ${FACET_CAP + 1}) m`,
    ...values,
  );
  const count = row?.count ?? 0;
  return { count: Math.min(count, FACET_CAP), capped: count > FACET_CAP };
}
