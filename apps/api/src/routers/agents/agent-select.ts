import type { Prisma } from '@quarterdeck/db';

export const agentSelect = {
  id: true,
  name: true,
  role: true,
  persona: true,
  description: true,
  templateId: true,
  runtime: true,
  provider: true,
  model: true,
  temperature: true,
  maxTokens: true,
  contextSize: true,
  systemPrompt: true,
  capabilities: true,
  command: true,
  config: true,
  status: true,
  projectId: true,
  currentTaskId: true,
  lastHeartbeatAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AgentSelect;

/** What status views need: no prompts or config. */
export const agentStatusSelect = {
  id: true,
  name: true,
  role: true,
  runtime: true,
  status: true,
  projectId: true,
  currentTaskId: true,
  lastHeartbeatAt: true,
} satisfies Prisma.AgentSelect;
