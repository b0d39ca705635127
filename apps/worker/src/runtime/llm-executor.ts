import { describeIssues, handoffJsonSchema, validateHandoffContent, type ValidationIssue } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { AgentExecutor, ExecutionInput, ExecutionIO, ExecutionOutcome } from '@quarterdeck/engine';
import type { CpuPool } from '../pool/cpu-pool';
import { readAgentRuntimeConfig, type AgentRuntimeConfig } from './agent-settings';
import { assembleContext, describeTrimming } from './context/assemble';
import { envelopeOf } from './envelope';
import { buildChain } from './llm/chain';
import { callChain, ChainExhaustedError, type CallAnswer, type CallContext, type CallPolicy, type ChainLink } from './llm/chain-call';
import type { RateLimiters } from './llm/rate-limit';
import { extractReplyJson } from './llm/reply-json';
import { storeCachedResponse } from './llm/response-cache';
import type { ChatMessage, ChatRequest } from './providers/chat-types';
import { UnknownProviderError } from './providers/endpoints';
import type { RuntimeSettings } from './settings';
import type { SliceParser } from './stream/sse-stream';

export interface LlmExecutorDeps {
  db: Db;
  logger: Logger;
  pool: CpuPool;
  settings: RuntimeSettings;
  limiters: RateLimiters;
  /** Replaces the pool parser (the bench compares the two); production leaves it unset. */
  parser?: SliceParser;
}

/** Used when an agent does not say how large its model's context is. */
const DEFAULT_CONTEXT_TOKENS = 32_768;

type Checked = { ok: true; content: unknown } | { ok: false; errors: ValidationIssue[] };

/**
 * Runs a step on a chat model: assembles the context, calls down the failover chain, and
 * checks the reply against the step's handoff schema. A reply that does not match gets one
 * repair round (the errors are sent back), then one fresh try; after that the step fails
 * with the errors as its reason.
 */
export class LlmExecutor implements AgentExecutor {
  constructor(private readonly deps: LlmExecutorDeps) {}

  async execute(input: ExecutionInput, io: ExecutionIO): Promise<ExecutionOutcome> {
    let config: AgentRuntimeConfig;
    let chain: ReturnType<typeof buildChain>;
    try {
      config = readAgentRuntimeConfig(input.agent.config);
      chain = buildChain(input, config, this.deps.settings, this.deps.pool, this.deps.parser);
    } catch (error) {
      if (error instanceof ZodError || error instanceof UnknownProviderError)
        return this.fail(io, `The agent is misconfigured: ${error.message}`, false);
      throw error;
    }

    const type = input.step.produces;
    const schema = handoffJsonSchema(type);
    delete schema.$schema;
    const contextSize = input.agent.contextSize ?? DEFAULT_CONTEXT_TOKENS;
    const assembled = assembleContext({
      agent: input.agent,
      step: input.step,
      productIdea: input.productIdea,
      inputs: input.inputs,
      feedback: input.feedback,
      schemaInPrompt: chain.needsSchemaInPrompt ? schema : null,
      contextSize,
      replyTokens: input.agent.maxTokens ?? Math.min(4_096, Math.floor(contextSize / 4)),
    });
    if (assembled.trimming) {
      const lines = describeTrimming(assembled.trimming);
      this.deps.logger.info({ taskId: input.taskId, trimming: assembled.trimming }, 'context trimmed to fit the model');
      await io.log(lines);
    }

    const request: Omit<ChatRequest, 'model'> = {
      messages: assembled.messages,
      temperature: input.agent.temperature,
      maxTokens: input.agent.maxTokens,
      responseSchema: { name: type, schema },
    };
    const policy: CallPolicy = {
      maxRetries: config.maxRetries,
      idleTimeoutMs: config.requestTimeoutSeconds * 1_000,
      rateLimitPerMinute: config.rateLimitPerMinute,
      useCache: config.cacheResponses,
    };
    const ctx: CallContext = {
      db: this.deps.db,
      logger: this.deps.logger,
      io,
      envelope: envelopeOf(input),
      settings: this.deps.settings,
      limiters: this.deps.limiters,
      signal: input.signal,
    };

    try {
      const first = await this.ask(chain.links, request, policy, ctx, io);
      const firstCheck = check(type, first.content);
      if (firstCheck.ok) return this.complete(first, firstCheck.content);
      await io.log([
        `[validate] the reply does not match the ${type} schema; asking for a repair:`,
        ...describeIssues(firstCheck.errors).split('\n'),
      ]);

      const repairMessages: ChatMessage[] = [
        ...request.messages,
        { role: 'assistant', content: first.content },
        { role: 'user', content: repairPrompt(type, firstCheck.errors) },
      ];
      const repaired = await this.ask(chain.links, { ...request, messages: repairMessages }, { ...policy, useCache: false }, ctx, io);
      const repairedCheck = check(type, repaired.content);
      if (repairedCheck.ok) return this.complete(repaired, repairedCheck.content);
      await io.log([
        `[validate] the repaired reply does not match either; trying once more from scratch:`,
        ...describeIssues(repairedCheck.errors).split('\n'),
      ]);

      const fresh = await this.ask(chain.links, request, { ...policy, useCache: false }, ctx, io);
      const freshCheck = check(type, fresh.content);
      if (freshCheck.ok) return this.complete(fresh, freshCheck.content);
      return await this.fail(
        io,
        `The reply did not match the ${type} schema after a repair round and a fresh try: ${describeIssues(freshCheck.errors).replace(/\n/g, '; ')}`,
        false,
      );
    } catch (error) {
      if (input.signal.aborted)
        return { kind: 'failed', reason: 'The session was terminated while the model was answering.', retryable: false };
      if (error instanceof ChainExhaustedError) return this.fail(io, error.message, true);
      throw error;
    }
  }

  private async ask(
    links: ChainLink[],
    request: Omit<ChatRequest, 'model'>,
    policy: CallPolicy,
    ctx: CallContext,
    io: ExecutionIO,
  ): Promise<CallAnswer> {
    const answer = await callChain(links, request, policy, ctx);
    for (const call of answer.toolCalls) await io.toolCall(call.name, call.arguments.slice(0, 2_000));
    return answer;
  }

  private async complete(answer: CallAnswer, content: unknown): Promise<ExecutionOutcome> {
    // Only an answer that passed validation is worth serving again.
    if (answer.cacheKey !== null) {
      const usage = answer.usage.estimated
        ? null
        : {
            promptTokens: answer.usage.promptTokens,
            completionTokens: answer.usage.completionTokens,
            totalTokens: answer.usage.totalTokens,
            costUsd: null,
          };
      await storeCachedResponse(this.deps.db, answer.cacheKey, answer.provider, answer.model, { content: answer.content, usage });
    }
    return { kind: 'completed', content, simulated: answer.simulated };
  }

  private async fail(io: ExecutionIO, reason: string, retryable: boolean): Promise<ExecutionOutcome> {
    await io.error(reason);
    return { kind: 'failed', reason, retryable };
  }
}

function check(type: ExecutionInput['step']['produces'], reply: string): Checked {
  const json = extractReplyJson(reply);
  if (!json.ok) return json;
  const validation = validateHandoffContent(type, json.value);
  return validation.ok ? { ok: true, content: validation.value } : { ok: false, errors: validation.errors };
}

function repairPrompt(type: string, errors: ValidationIssue[]): string {
  return [
    `Your reply does not match the ${type} schema:`,
    describeIssues(errors),
    'Reply again with the complete, corrected JSON object only.',
  ].join('\n');
}
