import type { ListAgentsInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';
import { notFound } from '../not-found';
import { agentSelect, agentStatusSelect } from './agent-select';

export async function listAgents(db: Db, input: ListAgentsInput) {
  const where: Prisma.AgentWhereInput = {
    ...(input.role === undefined ? {} : { role: input.role }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(input.runtime === undefined ? {} : { runtime: input.runtime }),
    ...(input.projectId === undefined ? {} : { projectId: input.projectId }),
  };
  const [items, total] = await Promise.all([
    db.agent.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: input.limit, skip: input.offset, select: agentSelect }),
    db.agent.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}

export async function getAgent(db: Db, agentId: string) {
  const agent = await db.agent.findUnique({ where: { id: agentId }, select: agentSelect });
  if (!agent) throw notFound('agent', 'agentId');
  return agent;
}

/** Every agent's status with counts per status: the dashboard's agent board. */
export async function agentStatusBoard(db: Db) {
  const agents = await db.agent.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }], select: agentStatusSelect });
  const counts = { idle: 0, working: 0, stuck: 0, offline: 0 };
  for (const agent of agents) counts[agent.status] += 1;
  return { counts, agents };
}

export async function agentStatus(db: Db, agentId: string) {
  const agent = await db.agent.findUnique({
    where: { id: agentId },
    select: { ...agentStatusSelect, currentTask: { select: { id: true, title: true, status: true, projectId: true } } },
  });
  if (!agent) throw notFound('agent', 'agentId');
  return agent;
}

export async function agentStatusHistory(db: Db, input: { agentId: string; limit: number; offset: number }) {
  const agent = await db.agent.findUnique({ where: { id: input.agentId }, select: { id: true } });
  if (!agent) throw notFound('agent', 'agentId');
  const where = { agentId: input.agentId };
  const [items, total] = await Promise.all([
    db.agentStatusHistory.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      take: input.limit,
      skip: input.offset,
      select: { id: true, status: true, previousStatus: true, taskId: true, reason: true, createdAt: true },
    }),
    db.agentStatusHistory.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}
