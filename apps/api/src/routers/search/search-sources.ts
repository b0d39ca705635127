import type { SearchKind } from './search.types';

// Where each kind of thing lives and how every filter reads on it. The alias `t` is the
// searched table; each table has a `search_vector` kept by the `search` migration's triggers.

/** Adds a value to the statement's parameters and returns its placeholder. */
export type Param = (value: unknown, cast?: string) => string;

export interface AgentFilter {
  /** An agent's id, when the filter is one. */
  agentId?: string;
  /** A role or persona name, when the filter is one. */
  name?: string;
}

export interface KindSource {
  from: string;
  projectId: string;
  /** Null: this kind is never part of a run, so a run filter leaves it out. */
  runId: string | null;
  /** Null: this kind has no status, so a status filter leaves it out. */
  status: string | null;
  conversationId: string | null;
  agent: ((filter: AgentFilter, param: Param) => string) | null;
  /** Text for the snippet (ts_headline), the same words the vector was made of. */
  snippetText: string;
}

export const KIND_SOURCES: Record<SearchKind, KindSource> = {
  project: {
    from: 'projects t',
    projectId: 't.id',
    runId: null,
    status: 't.status::text',
    conversationId: null,
    agent: null,
    snippetText: "concat_ws(E'\\n', t.name, t.product_idea, t.description)",
  },
  task: {
    from: 'tasks t',
    projectId: 't.project_id',
    runId: 't.run_id',
    status: 't.status::text',
    conversationId: null,
    agent: ({ agentId, name }, param) =>
      agentId !== undefined ? `t.assigned_agent_id = ${param(agentId, '::uuid')}` : `t.role = ${param(name)}`,
    snippetText: "concat_ws(E'\\n', t.title, t.last_error, left(t.instructions, 100000))",
  },
  artifact: {
    from: 'context_artifacts t',
    projectId: 't.project_id',
    runId: 't.run_id',
    status: null,
    conversationId: null,
    agent: ({ agentId, name }, param) =>
      agentId !== undefined
        ? `EXISTS (SELECT 1 FROM agent_sessions s WHERE s.id = t.session_id AND s.agent_id = ${param(agentId, '::uuid')})`
        : `t.source_agent = ${param(name)}`,
    snippetText: 'quarterdeck_artifact_search_text(t.name, t.content)',
  },
  decision: {
    from: 'decisions t',
    projectId: 't.project_id',
    runId: 't.run_id',
    status: null,
    conversationId: 't.conversation_id',
    agent: ({ agentId, name }, param) =>
      `EXISTS (SELECT 1 FROM decision_votes v WHERE v.decision_id = t.id AND ${
        agentId !== undefined ? `v.agent_id = ${param(agentId, '::uuid')}` : `v.voter_name = ${param(name)}`
      })`,
    snippetText:
      "concat_ws(E'\\n', t.problem, t.justification, quarterdeck_decision_variant_text(t.variants, 'title'), t.description, quarterdeck_decision_vote_reasons(t.id))",
  },
  hitl: {
    from: 'hitl_requests t',
    projectId: 't.project_id',
    runId: 't.run_id',
    status: 't.status::text',
    conversationId: null,
    agent: ({ agentId, name }, param) =>
      `EXISTS (SELECT 1 FROM tasks ht WHERE ht.id = t.task_id AND ${
        agentId !== undefined ? `ht.assigned_agent_id = ${param(agentId, '::uuid')}` : `ht.role = ${param(name)}`
      })`,
    snippetText: "concat_ws(E'\\n', t.question, t.response_content)",
  },
  message: {
    from: 'messages t JOIN conversations c ON c.id = t.conversation_id',
    projectId: 'c.project_id',
    runId: 'c.run_id',
    status: 'c.status::text',
    conversationId: 't.conversation_id',
    agent: ({ agentId, name }, param) =>
      agentId !== undefined ? `t.agent_id = ${param(agentId, '::uuid')}` : `t.sender_id = ${param(name)}`,
    snippetText: 't.content',
  },
};
