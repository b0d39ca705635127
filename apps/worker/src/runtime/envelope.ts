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
