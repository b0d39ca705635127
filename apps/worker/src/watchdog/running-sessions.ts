import type { Db } from '@quarterdeck/db';

/** What the tick needs of one running session and its current iteration; nothing more. */
export interface RunningSession {
  sessionId: string;
  attempt: number;
  agentId: string;
  agentRuntime: 'llm' | 'cli';
  agentStatus: 'idle' | 'working' | 'stuck' | 'offline';
  agentConfig: unknown;
  taskId: string;
  projectId: string;
  runId: string | null;
  stepId: string | null;
  workflowId: string | null;
  sessionStartedAt: Date;
  lastHeartbeatAt: Date | null;
  lastOutputAt: Date | null;
  lastToolCallAt: Date | null;
  iterationId: string | null;
  iterationStartedAt: Date | null;
  analysedBytes: number;
  watchdogState: unknown;
  /** The log bytes after analysedBytes (at most the tick's chunk limit); empty when none are new. */
  chunk: Uint8Array;
}

/**
 * Every running session with its latest iteration and only that iteration's NEW log bytes:
 * Postgres cuts the bytes past analysed_bytes, so the log is never sent whole. The size
 * check comes first because octet_length of a text value reads its stored size, without
 * converting the whole log.
 */
export async function loadRunningSessions(db: Db, maxChunkBytes: number, onlySessionId: string | null = null): Promise<RunningSession[]> {
  const rows = await db.$queryRaw<Array<Omit<RunningSession, 'chunk'> & { chunk: Uint8Array | null }>>`
    SELECT s.id AS "sessionId", s.attempt, s.agent_id AS "agentId", a.runtime::text AS "agentRuntime",
           a.status::text AS "agentStatus", a.config AS "agentConfig",
           s.task_id AS "taskId", t.project_id AS "projectId", s.run_id AS "runId", t.step_id AS "stepId",
           r.workflow_id AS "workflowId", s.started_at AS "sessionStartedAt", s.last_heartbeat_at AS "lastHeartbeatAt",
           s.last_output_at AS "lastOutputAt", s.last_tool_call_at AS "lastToolCallAt",
           i.id AS "iterationId", i.started_at AS "iterationStartedAt", COALESCE(i.analysed_bytes, 0) AS "analysedBytes",
           i.watchdog_state AS "watchdogState",
           CASE WHEN octet_length(i.log_content) > i.analysed_bytes
                THEN substring(convert_to(i.log_content, 'UTF8') FROM i.analysed_bytes + 1 FOR ${maxChunkBytes}::int)
           END AS chunk
    FROM agent_sessions s
    JOIN agents a ON a.id = s.agent_id
    JOIN tasks t ON t.id = s.task_id
    LEFT JOIN workflow_runs r ON r.id = s.run_id
    LEFT JOIN LATERAL (
      SELECT id, started_at, analysed_bytes, watchdog_state, log_content FROM iterations
      WHERE session_id = s.id AND status = 'running' ORDER BY number DESC LIMIT 1
    ) i ON true
    WHERE s.status = 'running' AND (${onlySessionId}::uuid IS NULL OR s.id = ${onlySessionId}::uuid)
    ORDER BY s.started_at, s.id`;
  return rows.map((row) => ({ ...row, chunk: row.chunk ?? new Uint8Array(0) }));
}
