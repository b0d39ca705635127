import type { Db } from '@quarterdeck/db';
import pino from 'pino';

export const silentLogger = pino({ level: 'silent' });

export interface RunningFixture {
  projectId: string;
  taskId: string;
  agentId: string;
  sessionId: string;
  iterationId: string;
}

/** A project with one task that an agent is working on: attempt 1, a running session and iteration. */
export async function seedRunningSession(
  db: Db,
  options: { runtime?: 'llm' | 'cli'; log?: string; attempts?: number; maxAttempts?: number; agentConfig?: object; startedAt?: Date } = {},
): Promise<RunningFixture> {
  const project = await db.project.create({ data: { name: 'Watch', productIdea: 'a thing that is watched' } });
  const agent = await db.agent.create({
    data: { name: 'Coder', role: 'coder', runtime: options.runtime ?? 'cli', status: 'working', config: options.agentConfig ?? {} },
  });
  const task = await db.task.create({
    data: {
      projectId: project.id,
      title: 'Write the code',
      role: 'coder',
      instructions: 'Write it.',
      status: 'working',
      attempts: options.attempts ?? 1,
      maxAttempts: options.maxAttempts ?? 3,
      assignedAgentId: agent.id,
      produces: ['code_change'],
    },
  });
  await db.agent.update({ where: { id: agent.id }, data: { currentTaskId: task.id } });
  const startedAt = options.startedAt ?? new Date();
  const session = await db.agentSession.create({
    data: { agentId: agent.id, taskId: task.id, attempt: options.attempts ?? 1, startedAt, lastHeartbeatAt: startedAt },
  });
  const iteration = await db.iteration.create({ data: { sessionId: session.id, number: 1, startedAt, logContent: options.log ?? '' } });
  return { projectId: project.id, taskId: task.id, agentId: agent.id, sessionId: session.id, iterationId: iteration.id };
}

export async function appendLog(db: Db, iterationId: string, text: string): Promise<void> {
  await db.$executeRaw`UPDATE iterations SET log_content = log_content || ${text} WHERE id = ${iterationId}::uuid`;
}

export async function eventTypes(db: Db, sessionId: string): Promise<string[]> {
  const rows = await db.event.findMany({ where: { sessionId }, orderBy: { id: 'asc' }, select: { type: true } });
  return rows.map((row) => row.type);
}
