import {
  ArtifactType,
  ConversationStatus,
  entityId,
  HitlKind,
  HitlStatus,
  identifier,
  isoTimestamp,
  MessageType,
  ProjectStatus,
  requiredText,
  TaskStatus,
  wholeNumber,
} from '@quarterdeck/contracts';
import { z } from 'zod';

// The search procedures' input and output. One input serves tRPC and REST: lists arrive from a
// query string as one value, a comma-separated value or a repeated key, so they are normalised
// before they are checked.

export const SEARCH_KINDS = ['project', 'task', 'artifact', 'decision', 'hitl', 'message'] as const;
export const SearchKind = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof SearchKind>;

/** Every status a searchable thing can have; a message has its conversation's. */
export const SEARCH_STATUSES = [
  ...new Set([...ProjectStatus.options, ...TaskStatus.options, ...HitlStatus.options, ...ConversationStatus.options]),
] as [string, ...string[]];
export const SearchStatus = z.enum(SEARCH_STATUSES);

export const SEARCH_PAGE_MAX = 50;

const kindList = z
  .union([z.string(), z.array(z.string())], { error: `must be one or more of ${SEARCH_KINDS.join(', ')}` })
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((kind) => kind.trim()).filter((kind) => kind.length > 0))
  .pipe(
    z
      .array(SearchKind)
      .min(1, `must name at least one of ${SEARCH_KINDS.join(', ')}`)
      .refine((kinds) => new Set(kinds).size === kinds.length, 'must not name a kind twice'),
  )
  .describe(`Kinds to search (comma-separated or repeated): ${SEARCH_KINDS.join(', ')}. Default: all.`);

const filterShape = {
  projectId: entityId.optional().describe('Only things of this project'),
  runId: entityId.optional().describe('Only things of this run (projects have no run and are left out)'),
  conversationId: entityId.optional().describe('Only messages and decisions of this conversation'),
  agent: z
    .union([entityId, identifier], { error: 'must be an agent id, or a role or persona name such as analyst or project_manager' })
    .optional()
    .describe(
      "An agent's id, or a role or persona (analyst, project_manager): messages it sent, artifacts it made, tasks it holds or has the role of, decisions it voted on, requests about its tasks",
    ),
  status: SearchStatus.optional().describe(
    'Projects, tasks and HITL requests in this status, and messages whose conversation is in it; artifacts and decisions have no status and are left out',
  ),
  from: isoTimestamp.optional().describe('Created at or after (ISO 8601)'),
  to: isoTimestamp.optional().describe('Created before (ISO 8601)'),
  cursor: z.string().max(400, 'must be at most 400 characters').optional().describe('nextCursor of the previous page'),
  /** tRPC's infinite queries send it; pages only go forward. */
  direction: z.enum(['forward', 'backward']).optional().describe('Ignored: pages only go forward'),
  limit: wholeNumber({ min: 1, max: SEARCH_PAGE_MAX }).default(20),
};

function dateRangeInOrder(input: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) {
  if (input.from !== undefined && input.to !== undefined && Date.parse(input.from) >= Date.parse(input.to)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be later than from' });
  }
}

export const searchInput = z
  .strictObject({
    q: requiredText(500).describe(
      'Words to find. Web-search syntax: "a phrase", -excluded, this or that. An id (or its first 6+ characters) finds the thing itself; the last word also matches as a prefix.',
    ),
    kinds: kindList.optional(),
    ...filterShape,
  })
  .superRefine(dateRangeInOrder);
export type SearchInput = z.output<typeof searchInput>;

/** Seed 002's message search: the same engine over messages only. */
export const messageSearchInput = z
  .strictObject({
    q: requiredText(500).describe('Words to find in messages (same syntax as /api/v1/search)'),
    projectId: filterShape.projectId,
    runId: filterShape.runId,
    conversationId: filterShape.conversationId,
    agent: filterShape.agent,
    conversationStatus: ConversationStatus.optional().describe('Only messages whose conversation is in this status'),
    from: filterShape.from,
    to: filterShape.to,
    cursor: filterShape.cursor,
    direction: filterShape.direction,
    limit: filterShape.limit,
  })
  .superRefine(dateRangeInOrder);
export type MessageSearchInput = z.output<typeof messageSearchInput>;

const id = z.string().describe('UUID');
const timestamp = z.string().describe('ISO 8601 date-time');

const snippetSegment = z.object({ text: z.string(), highlighted: z.boolean() });

const hitBase = {
  id,
  title: z.string(),
  /** Text around the matches as plain segments: render each as text, highlight the flagged ones. */
  snippet: z.array(snippetSegment),
  /** The same snippet as HTML: every character of content escaped, matches in <mark>. */
  snippetHtml: z.string(),
  rank: z.number(),
  /** Found because the query is its id or the start of its id. */
  matchedId: z.boolean(),
  projectId: id.nullable(),
  projectName: z.string().nullable(),
  runId: id.nullable(),
  createdAt: timestamp,
};

export const searchHit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('project'), ...hitBase, status: ProjectStatus }),
  z.object({ kind: z.literal('task'), ...hitBase, status: TaskStatus, role: z.string() }),
  z.object({
    kind: z.literal('artifact'),
    ...hitBase,
    logicalKey: z.string(),
    version: z.number().int(),
    artifactType: ArtifactType,
    handoffType: z.string().nullable(),
    sourceAgent: z.string(),
  }),
  z.object({ kind: z.literal('decision'), ...hitBase, conversationId: id.nullable() }),
  z.object({ kind: z.literal('hitl'), ...hitBase, status: HitlStatus, hitlKind: HitlKind, taskId: id.nullable() }),
  z.object({
    kind: z.literal('message'),
    ...hitBase,
    conversationId: id,
    conversationTitle: z.string(),
    conversationStatus: ConversationStatus,
    senderId: z.string(),
    messageType: MessageType,
  }),
]);
export type SearchHit = z.infer<typeof searchHit>;

const facetCount = {
  count: z.number().int(),
  /** The count stopped at the cap: there are at least this many. */
  capped: z.boolean(),
};

export const searchOutput = z.object({
  items: z.array(searchHit),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  facets: z.object({
    /** Matches per kind for this query and every filter but `kinds`. */
    kinds: z.array(z.object({ kind: SearchKind, ...facetCount })),
    /** Matches per project (the ten with most) for this query and every filter but `projectId`. */
    projects: z.array(z.object({ projectId: id, name: z.string(), ...facetCount })),
  }),
});
export type SearchOutput = z.infer<typeof searchOutput>;

export const messageSearchOutput = z.object({
  items: z.array(searchHit),
  nextCursor: z.string().nullable(),
  total: z.object(facetCount).describe('Messages that match (capped)'),
});
