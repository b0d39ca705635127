import type { EventPayloadInput } from '@quarterdeck/contracts';
import { Prisma, type Db } from '@quarterdeck/db';
import { inTransaction } from '../unit-of-work/transaction';

/** The ids one execution's usage rows and events carry. */
export interface UsageEnvelope {
  projectId: string;
  runId: string | null;
  taskId: string;
  agentId: string;
  sessionId: string;
}

export type LlmUsageRecord = EventPayloadInput<'llm.usage'> & {
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costUsd: number;
  estimated: boolean;
  cached: boolean;
  latencyMs: number | null;
};

/** Stores one LLM call's usage and announces it (`llm.usage`) in the same transaction. */
export async function recordLlmUsage(db: Db, envelope: UsageEnvelope, usage: LlmUsageRecord): Promise<void> {
  await inTransaction(db, async ({ tx, emit }) => {
    await tx.llmUsage.create({
      data: {
        ...envelope,
        provider: usage.provider,
        model: usage.model,
        promptTokens: usage.promptTokens,
        completionTokens: usage.completionTokens,
        totalTokens: usage.totalTokens,
        costUsd: new Prisma.Decimal(usage.costUsd.toFixed(6)),
        estimated: usage.estimated,
        cached: usage.cached,
        latencyMs: usage.latencyMs,
      },
      select: { id: true },
    });
    const { runId, ...ids } = envelope;
    emit({ type: 'llm.usage', severity: 'info', ...ids, ...(runId ? { runId } : {}), payload: usage });
  });
}
