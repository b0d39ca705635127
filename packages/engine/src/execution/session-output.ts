import type { Db } from '@quarterdeck/db';
import { publishEvent } from '../unit-of-work/publish';
import { inTransaction } from '../unit-of-work/transaction';
import type { ExecutionIO } from './execution-types';

export interface SessionRef {
  sessionId: string;
  iterationId: string;
  iterationNumber: number;
  agentId: string;
}

const TOKEN_FLUSH_MS = 200;

/**
 * The ExecutionIO of one session: log lines, tool calls and errors are appended to the
 * iteration (and published as iteration.log events) as they come; streamed text is batched
 * into one llm.tokens event per interval, never one per token.
 */
export function createSessionIO(db: Db, ref: SessionRef): ExecutionIO & { close(): Promise<void> } {
  let tokenBuffer = '';
  let sequence = 0;
  let timer: NodeJS.Timeout | undefined;
  let pending: Promise<void> = Promise.resolve();

  const append = (lines: string[], counters: { toolCall?: boolean; error?: boolean }) =>
    inTransaction(db, async ({ tx, emit }) => {
      const text = lines.map((line) => `${line}\n`).join('');
      const [row] = await tx.$queryRaw<Array<{ length: number }>>`
        UPDATE iterations SET log_content = log_content || ${text},
          tool_call_count = tool_call_count + ${counters.toolCall ? 1 : 0},
          error_count = error_count + ${counters.error ? 1 : 0}
        WHERE id = ${ref.iterationId}::uuid
        RETURNING length(log_content)::int AS length`;
      await tx.$executeRaw`
        UPDATE agent_sessions SET last_output_at = now(), last_heartbeat_at = now(),
          last_tool_call_at = CASE WHEN ${counters.toolCall === true} THEN now() ELSE last_tool_call_at END
        WHERE id = ${ref.sessionId}::uuid`;
      emit({
        type: 'iteration.log',
        sessionId: ref.sessionId,
        agentId: ref.agentId,
        payload: {
          iterationId: ref.iterationId,
          number: ref.iterationNumber,
          offset: Math.max(0, (row?.length ?? text.length) - text.length),
          lines: lines.slice(0, 1_000).map((line) => line.slice(0, 16_384)),
        },
      });
    });

  const flushTokens = async () => {
    timer = undefined;
    if (tokenBuffer === '') return;
    const text = tokenBuffer.slice(0, 65_536);
    tokenBuffer = tokenBuffer.slice(text.length);
    await publishEvent(db, {
      type: 'llm.tokens',
      severity: 'debug',
      sessionId: ref.sessionId,
      agentId: ref.agentId,
      payload: { requestId: ref.sessionId, sequence: sequence++, text },
    });
  };

  return {
    async log(lines) {
      if (lines.length > 0) await append(lines, {});
    },
    tokens(text) {
      tokenBuffer += text;
      timer ??= setTimeout(() => {
        pending = pending.then(flushTokens);
      }, TOKEN_FLUSH_MS);
    },
    async toolCall(name, detail) {
      await append([`[tool] ${name}${detail ? `: ${detail}` : ''}`], { toolCall: true });
    },
    async error(message) {
      await append([`[error] ${message}`], { error: true });
    },
    async close() {
      if (timer) clearTimeout(timer);
      await pending;
      while (tokenBuffer !== '') await flushTokens();
    },
  };
}

/**
 * Beats for a running session and watches for its end from elsewhere: when a person (or the
 * watchdog) terminates it, or another worker took it over, `signal` aborts within one poll.
 */
export function watchSession(db: Db, sessionId: string, workerId: string, pollMs: number, abort: (reason: string) => void) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    const rows = await db.$queryRaw<Array<{ status: string; workerId: string | null }>>`
      WITH beat AS (
        UPDATE agent_sessions SET last_heartbeat_at = now() WHERE id = ${sessionId}::uuid
        RETURNING status::text AS status, worker_id AS "workerId", agent_id)
      , agent AS (UPDATE agents SET last_heartbeat_at = now() WHERE id = (SELECT agent_id FROM beat))
      SELECT status, "workerId" FROM beat`;
    const row = rows[0];
    if (!row || row.status !== 'running') abort(`the session was ${row?.status ?? 'deleted'}`);
    else if (row.workerId !== workerId) abort('another worker took the session over');
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      poll()
        .catch(() => {
          // A failed beat (database restarting) is retried at the next poll; the execution goes on.
        })
        .finally(schedule);
    }, pollMs);
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
