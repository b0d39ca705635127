import { randomUUID } from 'node:crypto';
import type { Db } from '@quarterdeck/db';
import { publishEvent } from '@quarterdeck/engine';
import type { Logger } from 'pino';
import type { ExecutionIO } from '@quarterdeck/engine';
import { eventScope, type ExecutionEnvelope } from '../envelope';
import type { ChatProvider, ChatRequest, ChatResult, ToolCall } from '../providers/chat-types';
import { ProviderError } from '../providers/provider-error';
import type { RuntimeSettings } from '../settings';
import { TokenRelay } from '../stream/token-relay';
import { backoffDelayMs, retryAfterDelayMs, sleep } from './backoff';
import type { RateLimiters } from './rate-limit';
import { readCachedResponse, responseCacheKey } from './response-cache';
import { recordUsage, usageOf, type Pricing, type UsageRecord } from './usage';

/** One provider + model in an agent's ordered failover chain. */
export interface ChainLink {
  provider: ChatProvider;
  model: string;
  pricing: Pricing;
}

export interface CallPolicy {
  maxRetries: number;
  idleTimeoutMs: number;
  rateLimitPerMinute: number | null;
  useCache: boolean;
}

export interface CallContext {
  db: Db;
  logger: Logger;
  io: ExecutionIO;
  envelope: ExecutionEnvelope;
  settings: RuntimeSettings;
  limiters: RateLimiters;
  signal: AbortSignal;
}

export interface CallAnswer {
  content: string;
  toolCalls: ToolCall[];
  provider: string;
  model: string;
  simulated: boolean;
  usage: UsageRecord;
  /** Where to store this answer once the caller has accepted it (null: caching is off or it came from the cache). */
  cacheKey: string | null;
}

/** Every link failed; `attempts` says how, for the task's log. */
export class ChainExhaustedError extends Error {
  constructor(readonly attempts: string[]) {
    super(`Every provider in the chain failed: ${attempts.join('; ')}`);
    this.name = 'ChainExhaustedError';
  }
}

type Request = Omit<ChatRequest, 'model'>;

/**
 * One chat call down the failover chain: each link is tried up to 1 + maxRetries times
 * (retryable failures only, with backoff and jitter or the provider's Retry-After), then the
 * next link. Every attempt is rate-limited, relayed to subscribers and accounted for.
 */
export async function callChain(links: ChainLink[], request: Request, policy: CallPolicy, ctx: CallContext): Promise<CallAnswer> {
  const failures: string[] = [];
  for (const [index, link] of links.entries()) {
    const isLastLink = index === links.length - 1;
    for (let attempt = 1; ; attempt++) {
      const requestId = randomUUID();
      try {
        return await callOnce(requestId, link, { ...request, model: link.model }, policy, ctx);
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        const canRetry = error.retryable && attempt <= policy.maxRetries;
        const delayMs = canRetry ? retryDelay(error, attempt, ctx.settings) : null;
        const next = delayMs !== null ? 'retry' : isLastLink ? 'give_up' : 'failover';
        await reportFailure(ctx, requestId, link, error, attempt, next, delayMs);
        if (delayMs === null) {
          failures.push(`${link.provider.name}/${link.model}: ${error.message}`);
          break;
        }
        await sleep(delayMs, ctx.signal);
      }
    }
  }
  throw new ChainExhaustedError(failures);
}

function retryDelay(error: ProviderError, attempt: number, settings: RuntimeSettings): number | null {
  if (error.retryAfterMs !== null) {
    // Waiting longer than this is worse than asking the next provider.
    return error.retryAfterMs > settings.maxRetryAfterMs ? null : retryAfterDelayMs(error.retryAfterMs);
  }
  return backoffDelayMs(attempt - 1, settings.retryBaseMs, settings.retryMaxMs);
}

async function callOnce(
  requestId: string,
  link: ChainLink,
  request: ChatRequest,
  policy: CallPolicy,
  ctx: CallContext,
): Promise<CallAnswer> {
  const provider = link.provider;
  const cacheKey = policy.useCache && !provider.simulated ? responseCacheKey(provider.name, request) : null;
  const relay = new TokenRelay({
    db: ctx.db,
    envelope: ctx.envelope,
    requestId,
    io: ctx.io,
    flushMs: ctx.settings.tokenFlushMs,
    partialLineFlushMs: ctx.settings.partialLineFlushMs,
  });
  await publishEvent(ctx.db, {
    type: 'llm.request_started',
    severity: 'debug',
    ...eventScope(ctx.envelope),
    payload: { requestId, provider: provider.name, model: request.model },
  });
  await ctx.io.log([`[llm] ${provider.name}/${request.model}: request ${requestId}`]);

  const started = performance.now();
  const cached = cacheKey !== null ? await readCachedResponse(ctx.db, cacheKey) : null;
  let result: ChatResult;
  if (cached) {
    relay.push(cached.content);
    result = { content: cached.content, toolCalls: [], usage: cached.usage, finishReason: 'stop', malformed: [] };
  } else {
    if (policy.rateLimitPerMinute !== null) await ctx.limiters.bucket(provider.name, policy.rateLimitPerMinute).take(ctx.signal);
    let streamed = '';
    try {
      result = await provider.complete(
        request,
        {
          text: (delta) => {
            streamed += delta;
            relay.push(delta);
          },
        },
        { signal: ctx.signal, idleTimeoutMs: policy.idleTimeoutMs },
      );
    } catch (error) {
      await relay.close();
      // A call that streamed before it failed was still (probably) billed: account for it, estimated.
      if (streamed !== '') {
        const partial = usageOf(
          {
            requestId,
            provider: provider.name,
            model: request.model,
            messages: request.messages,
            content: streamed,
            latencyMs: null,
            cached: false,
          },
          null,
          link.pricing,
        );
        await recordUsage(ctx.db, ctx.envelope, partial);
      }
      throw error;
    }
  }
  await relay.close();
  const latencyMs = Math.round(performance.now() - started);
  if (result.malformed.length > 0) {
    await ctx.io.log(result.malformed.map((problem) => `[llm] skipped a malformed stream chunk: ${problem}`));
  }
  const usage = usageOf(
    {
      requestId,
      provider: provider.name,
      model: request.model,
      messages: request.messages,
      content: result.content,
      latencyMs,
      cached: cached !== null,
    },
    result.usage,
    link.pricing,
  );
  await recordUsage(ctx.db, ctx.envelope, usage);
  return {
    content: result.content,
    toolCalls: result.toolCalls,
    provider: provider.name,
    model: request.model,
    simulated: provider.simulated,
    usage,
    cacheKey: cached === null ? cacheKey : null,
  };
}

async function reportFailure(
  ctx: CallContext,
  requestId: string,
  link: ChainLink,
  error: ProviderError,
  attempt: number,
  next: 'retry' | 'failover' | 'give_up',
  delayMs: number | null,
): Promise<void> {
  const what = `${link.provider.name}/${link.model} attempt ${attempt} failed (${error.failure}): ${error.message}`;
  const then =
    next === 'retry'
      ? `retrying in ${((delayMs ?? 0) / 1_000).toFixed(1)} s`
      : next === 'failover'
        ? 'trying the next provider'
        : 'no provider left';
  ctx.logger.warn({ provider: link.provider.name, model: link.model, failure: error.failure, attempt, next }, 'LLM call failed');
  await publishEvent(ctx.db, {
    type: 'llm.request_failed',
    severity: 'warning',
    ...eventScope(ctx.envelope),
    payload: { requestId, provider: link.provider.name, model: link.model, error: error.message.slice(0, 2_000), attempt, next },
  });
  await ctx.io.log([`[llm] ${what}; ${then}`]);
}
