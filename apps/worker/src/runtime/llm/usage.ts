import type { Prisma, Db } from '@quarterdeck/db';
import { recordLlmUsage } from '@quarterdeck/engine';
import type { ExecutionEnvelope } from '../envelope';
import type { TokenUsage } from '../stream/sse-parse';
import type { ChatMessage } from '../providers/chat-types';

/** Rough tokens of a text (≈ 4 characters per token for English and code); used only when a provider sends no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Prompt tokens of a message list: the text plus the few tokens of framing each message costs. */
export function estimatePromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, message) => sum + estimateTokens(message.content) + 4, 0);
}

export interface UsageRecord {
  requestId: string;
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number;
  estimated: boolean;
  cached: boolean;
  latencyMs: number | null;
}

export interface Pricing {
  promptUsdPerMillion: number;
  completionUsdPerMillion: number;
}

/** The usage of one call: the provider's own counts when it sent them, else estimated (and flagged). */
export function usageOf(
  call: {
    requestId: string;
    provider: string;
    model: string;
    messages: ChatMessage[];
    content: string;
    latencyMs: number | null;
    cached: boolean;
  },
  reported: TokenUsage | null,
  pricing: Pricing,
): UsageRecord {
  const promptTokens = reported?.promptTokens ?? estimatePromptTokens(call.messages);
  const completionTokens = reported?.completionTokens ?? estimateTokens(call.content);
  const priced = (promptTokens * pricing.promptUsdPerMillion + completionTokens * pricing.completionUsdPerMillion) / 1_000_000;
  return {
    requestId: call.requestId,
    provider: call.provider,
    model: call.model,
    promptTokens,
    completionTokens,
    totalTokens: reported?.totalTokens ?? promptTokens + completionTokens,
    // A cached answer cost nothing this time.
    costUsd: call.cached ? 0 : (reported?.costUsd ?? priced),
    estimated: reported === null,
    cached: call.cached,
    latencyMs: call.latencyMs,
  };
}

/** Stores one call's usage and announces it (`llm.usage`): the engine's transition. */
export async function recordUsage(db: Db, envelope: ExecutionEnvelope, usage: UsageRecord): Promise<void> {
  await recordLlmUsage(db, envelope, usage);
}

export type UsageScope = { projectId: string } | { runId: string } | { taskId: string } | { agentId: string };

export interface UsageTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number;
  /** Calls whose counts were estimated (the provider sent no usage). */
  estimatedCalls: number;
  cachedCalls: number;
  simulatedCalls: number;
}

/** Token and cost totals of a task, run, project or agent. */
export async function usageTotals(db: Db, scope: UsageScope): Promise<UsageTotals> {
  const where: Prisma.LlmUsageWhereInput = { ...scope };
  const [sums, estimatedCalls, cachedCalls, simulatedCalls] = await Promise.all([
    db.llmUsage.aggregate({
      where,
      _count: { _all: true },
      _sum: { promptTokens: true, completionTokens: true, totalTokens: true, costUsd: true },
    }),
    db.llmUsage.count({ where: { ...where, estimated: true } }),
    db.llmUsage.count({ where: { ...where, cached: true } }),
    db.llmUsage.count({ where: { ...where, provider: 'simulated' } }),
  ]);
  return {
    calls: sums._count._all,
    promptTokens: sums._sum.promptTokens ?? 0,
    completionTokens: sums._sum.completionTokens ?? 0,
    totalTokens: sums._sum.totalTokens ?? 0,
    costUsd: sums._sum.costUsd?.toNumber() ?? 0,
    estimatedCalls,
    cachedCalls,
    simulatedCalls,
  };
}
