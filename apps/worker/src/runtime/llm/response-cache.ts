import { createHash } from 'node:crypto';
import type { Db } from '@quarterdeck/db';
import type { ChatRequest } from '../providers/chat-types';
import type { TokenUsage } from '../stream/sse-parse';

export interface CachedResponse {
  content: string;
  usage: TokenUsage | null;
}

/** The cache key: a hash of everything that shapes the answer (provider, model, messages, parameters). */
export function responseCacheKey(provider: string, request: ChatRequest): string {
  const canonical = JSON.stringify([
    provider,
    request.model,
    request.messages.map((message) => [message.role, message.content]),
    request.temperature,
    request.maxTokens,
    request.responseSchema,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** A stored answer, counting the hit; null on a miss. */
export async function readCachedResponse(db: Db, key: string): Promise<CachedResponse | null> {
  const rows = await db.$queryRawUnsafe<Array<{ response: unknown }>>(
    'UPDATE llm_response_cache SET hits = hits + 1 WHERE key = $1 RETURNING response',
    key,
  );
  const response = rows[0]?.response;
  return isCachedResponse(response) ? response : null;
}

export async function storeCachedResponse(db: Db, key: string, provider: string, model: string, response: CachedResponse): Promise<void> {
  const json = { content: response.content, usage: response.usage ? { ...response.usage } : null };
  await db.llmResponseCache.upsert({
    where: { key },
    create: { key, provider, model, response: json },
    update: { response: json },
    select: { key: true },
  });
}

function isCachedResponse(value: unknown): value is CachedResponse {
  return typeof value === 'object' && value !== null && 'content' in value && typeof value.content === 'string';
}
