import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HandoffType, Handoff } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { pino } from 'pino';
import { z } from 'zod';
import type { ExecutionAgent, ExecutionInput } from '@quarterdeck/engine';
import type { WorkerServices } from '../../src/jobs/job-module';
import type { CpuPool } from '../../src/pool/cpu-pool';
import { configureRuntime } from '../../src/runtime';
import { createSessionIO } from '@quarterdeck/engine';
import { DEFAULT_RUNTIME_SETTINGS, type RuntimeSettings } from '../../src/runtime/settings';

export interface SeededExecution {
  input: ExecutionInput;
  iteration: { iterationId: string; number: number };
  controller: AbortController;
  io: ReturnType<typeof createSessionIO>;
}

/** Rows a real execution has (project, task, agent, session, iteration) and the input the engine would build. */
export async function seedExecution(
  db: Db,
  options: {
    agent?: Partial<Omit<ExecutionAgent, 'id'>>;
    produces?: HandoffType;
    inputs?: Handoff[];
    feedback?: string | null;
    productIdea?: string;
  } = {},
): Promise<SeededExecution> {
  const productIdea = options.productIdea ?? 'A shared shopping list for a household';
  const agentFields = {
    name: 'Scripted Analyst',
    role: 'analyst',
    runtime: 'llm' as const,
    provider: 'primary',
    model: 'scripted-model',
    temperature: 0.2,
    maxTokens: 1_000,
    contextSize: 16_000,
    systemPrompt: 'You are the Business Analyst of a software delivery team.',
    persona: 'A patient, curious analyst.',
    command: null,
    config: {},
    ...options.agent,
  };
  const project = await db.project.create({ data: { name: 'Runtime test', productIdea }, select: { id: true } });
  const produces = options.produces ?? 'software_specification';
  const task = await db.task.create({
    data: {
      projectId: project.id,
      title: 'Specify',
      role: agentFields.role,
      instructions: 'Write the specification.',
      produces: [produces],
    },
    select: { id: true },
  });
  const agent = await db.agent.create({
    data: {
      name: agentFields.name,
      role: agentFields.role,
      runtime: agentFields.runtime,
      provider: agentFields.provider,
      model: agentFields.model,
      command: agentFields.command,
      config: JSON.parse(JSON.stringify(agentFields.config)),
    },
    select: { id: true },
  });
  const session = await db.agentSession.create({ data: { agentId: agent.id, taskId: task.id, attempt: 1 }, select: { id: true } });
  const iterationRow = await db.iteration.create({ data: { sessionId: session.id, number: 1 }, select: { id: true } });
  const controller = new AbortController();
  const input: ExecutionInput = {
    projectId: project.id,
    runId: null,
    taskId: task.id,
    sessionId: session.id,
    iterationId: iterationRow.id,
    attempt: 1,
    productIdea,
    step: { id: 'specify', role: agentFields.role, instructions: 'Write the specification.', produces, consumes: [], longRunning: false },
    agent: { id: agent.id, ...agentFields },
    inputs: options.inputs ?? [],
    feedback: options.feedback ?? null,
    signal: controller.signal,
  };
  const iteration = { iterationId: iterationRow.id, number: 1 };
  // The engine's own ExecutionIO: what a real execution reports through.
  const io = createSessionIO(db, { sessionId: session.id, iterationId: iterationRow.id, iterationNumber: 1, agentId: agent.id });
  return { input, iteration, controller, io };
}

export function testServices(db: Db, pool: CpuPool, settings: Partial<RuntimeSettings> = {}): WorkerServices {
  const services: WorkerServices = {
    db,
    logger: pino({ level: 'silent' }),
    pool,
    workerId: 'runtime-test',
    shutdownSignal: new AbortController().signal,
  };
  configureRuntime(services, {
    ...DEFAULT_RUNTIME_SETTINGS,
    secret: (name) => ({ SCRIPTED_API_KEY: 'sk-test-secret', PATH: process.env.PATH })[name],
    workspaceRoot: mkdtempSync(path.join(tmpdir(), 'qd-workspaces-')),
    retryBaseMs: 20,
    retryMaxMs: 200,
    // The test provider's key variables (MISSING_KEY is allowed but never set).
    secretEnvAllowlist: [...DEFAULT_RUNTIME_SETTINGS.secretEnvAllowlist, 'SCRIPTED_API_KEY', 'MISSING_KEY'],
    ...settings,
  });
  return services;
}

/** Events of one session as a subscriber would receive them, in log order. */
export async function sessionEvents(db: Db, sessionId: string): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  const rows = await db.event.findMany({ where: { sessionId }, orderBy: { id: 'asc' }, select: { type: true, payload: true } });
  return rows.map((row) => ({ type: row.type, payload: payloadSchema.parse(row.payload) }));
}

const payloadSchema = z.record(z.string(), z.unknown());
