import type { ListSessionsInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';
import { notFound } from '../not-found';

export const sessionSelect = {
  id: true,
  agentId: true,
  taskId: true,
  runId: true,
  attempt: true,
  status: true,
  workerId: true,
  pid: true,
  workspacePath: true,
  stopReason: true,
  startedAt: true,
  endedAt: true,
  lastHeartbeatAt: true,
  lastOutputAt: true,
  lastToolCallAt: true,
} satisfies Prisma.AgentSessionSelect;

/** Iteration metadata without the (possibly megabytes of) log text: that is sessions.log. */
const iterationSummarySelect = {
  id: true,
  number: true,
  status: true,
  toolCallCount: true,
  errorCount: true,
  qaResult: true,
  startedAt: true,
  endedAt: true,
} satisfies Prisma.IterationSelect;

export async function listSessions(db: Db, input: ListSessionsInput) {
  const where: Prisma.AgentSessionWhereInput = {
    ...(input.agentId === undefined ? {} : { agentId: input.agentId }),
    ...(input.runId === undefined ? {} : { runId: input.runId }),
    ...(input.taskId === undefined ? {} : { taskId: input.taskId }),
    ...(input.status === undefined ? {} : { status: input.status }),
  };
  const [items, total] = await Promise.all([
    db.agentSession.findMany({
      where,
      orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
      take: input.limit,
      skip: input.offset,
      select: sessionSelect,
    }),
    db.agentSession.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}

export async function getSession(db: Db, sessionId: string) {
  const session = await db.agentSession.findUnique({
    where: { id: sessionId },
    select: {
      ...sessionSelect,
      task: { select: { id: true, title: true, projectId: true, status: true } },
      agent: { select: { id: true, name: true, role: true } },
      iterations: {
        orderBy: { number: 'asc' },
        select: {
          ...iterationSummarySelect,
          // Every verdict, not only the latest on the iteration row: a person's and the QA cycle's can disagree.
          qaResults: {
            orderBy: { createdAt: 'asc' },
            select: { id: true, result: true, findings: true, recommendations: true, source: true, createdAt: true },
          },
        },
      },
      findings: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, iterationId: true, rule: true, evidence: true, action: true, createdAt: true },
      },
    },
  });
  if (!session) throw notFound('session', 'sessionId');
  return session;
}

/** The full log of every iteration of a session, in order. */
export async function sessionLog(db: Db, sessionId: string) {
  const session = await db.agentSession.findUnique({
    where: { id: sessionId },
    select: { id: true, iterations: { orderBy: { number: 'asc' }, select: { id: true, number: true, status: true, logContent: true } } },
  });
  if (!session) throw notFound('session', 'sessionId');
  return { sessionId: session.id, iterations: session.iterations };
}
