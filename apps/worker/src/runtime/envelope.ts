import type { ExecutionInput } from '@quarterdeck/engine';

/** The ids every event and usage row of one execution carries. */
export interface ExecutionEnvelope {
  projectId: string;
  runId: string | null;
  taskId: string;
  agentId: string;
  sessionId: string;
}

export function envelopeOf(input: ExecutionInput): ExecutionEnvelope {
  return { projectId: input.projectId, runId: input.runId, taskId: input.taskId, agentId: input.agent.id, sessionId: input.sessionId };
}

/** The envelope as an event's ids (an event leaves out the run it does not have). */
export function eventScope(envelope: ExecutionEnvelope) {
  const { runId, ...ids } = envelope;
  return runId === null ? ids : { ...ids, runId };
}
