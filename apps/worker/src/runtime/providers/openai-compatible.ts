import { parseSseBody, type SliceParser } from '../stream/sse-stream';
import type { TokenUsage, ToolCallDelta } from '../stream/sse-parse';
import type { ChatCallOptions, ChatProvider, ChatRequest, ChatResult, ChatSink, ToolCall } from './chat-types';
import type { ResolvedEndpoint } from './endpoints';
import { providerKey } from './provider-access';
import { ProviderError, parseRetryAfter } from './provider-error';

/** Looks up a secret by the NAME of the environment variable that holds it. */
export type SecretLookup = (name: string) => string | undefined;

/**
 * One implementation for every OpenAI-compatible chat-completions server (Ollama, llama.cpp
 * server, vLLM, LM Studio, OpenRouter, OpenAI): POST {baseUrl}/chat/completions with
 * `stream: true`, the SSE body parsed by `parse` (on the pool in production).
 */
export class OpenAiCompatibleProvider implements ChatProvider {
  readonly simulated = false;
  readonly name: string;

  constructor(
    private readonly endpoint: ResolvedEndpoint,
    private readonly parse: SliceParser,
    private readonly secret: SecretLookup,
  ) {
    this.name = endpoint.provider;
  }

  async complete(request: ChatRequest, sink: ChatSink, options: ChatCallOptions): Promise<ChatResult> {
    const timeout = new IdleTimeout(options.idleTimeoutMs);
    const signal = AbortSignal.any([options.signal, timeout.signal]);
    try {
      const response = await this.send(request, signal);
      timeout.touch();
      if (!response.ok) throw await httpFailure(response);
      if (!response.body) throw new ProviderError('dropped_stream', 'The response had no body.');
      if (response.headers.get('content-type')?.includes('application/json')) {
        // Some servers ignore `stream: true` for some models and answer in one piece.
        return await readWholeCompletion(response, sink);
      }
      return await this.readStream(response.body, sink, timeout);
    } catch (error) {
      throw classify(error, options.signal, timeout);
    } finally {
      timeout.clear();
    }
  }

  private send(request: ChatRequest, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream', 'x-title': 'Quarterdeck' };
    const key = providerKey(this.endpoint, this.secret, this.name);
    if (key !== null) headers.authorization = `Bearer ${key}`;
    return fetch(`${this.endpoint.baseUrl}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify(requestBody(request, this.endpoint)),
      signal,
    });
  }

  private async readStream(body: ReadableStream<Uint8Array>, sink: ChatSink, timeout: IdleTimeout): Promise<ChatResult> {
    const text: string[] = [];
    const toolDeltas: ToolCallDelta[] = [];
    const malformed: string[] = [];
    let usage: TokenUsage | null = null;
    let finishReason: string | null = null;
    let done = false;
    for await (const slice of parseSseBody(chunksOf(body), this.parse)) {
      timeout.touch();
      if (slice.text !== '') {
        text.push(slice.text);
        sink.text(slice.text);
      }
      toolDeltas.push(...slice.toolCalls);
      malformed.push(...slice.malformed);
      usage = slice.usage ?? usage;
      finishReason = slice.finishReason ?? finishReason;
      done ||= slice.done;
      if (slice.streamError !== null)
        throw new ProviderError('stream_error', `The provider reported an error mid-stream: ${slice.streamError}`);
    }
    if (!done && finishReason === null) {
      throw new ProviderError('dropped_stream', 'The stream ended before the reply was complete (no finish_reason, no [DONE]).');
    }
    return { content: text.join(''), toolCalls: mergeToolCalls(toolDeltas), usage, finishReason, malformed };
  }
}

export function requestBody(request: ChatRequest, endpoint: ResolvedEndpoint): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: request.messages,
    stream: true,
    // Without this the stream carries no token counts and usage must be estimated.
    stream_options: { include_usage: true },
  };
  if (request.temperature !== null) body.temperature = request.temperature;
  if (request.maxTokens !== null) body.max_tokens = request.maxTokens;
  if (request.responseSchema !== null && endpoint.structuredOutput === 'json_schema') {
    // Not `strict`: OpenAI's strict mode requires every property to be required, and the
    // handoff schemas have optional fields. The reply is validated afterwards anyway.
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: request.responseSchema.name, schema: request.responseSchema.schema },
    };
  }
  return body;
}

/** Tool-call deltas arrive in pieces keyed by index; the name comes once, arguments in fragments. */
export function mergeToolCalls(deltas: ToolCallDelta[]): ToolCall[] {
  const byIndex = new Map<number, ToolCall>();
  for (const delta of deltas) {
    const call = byIndex.get(delta.index) ?? { id: null, name: '', arguments: '' };
    call.id = delta.id ?? call.id;
    call.name = delta.name ?? call.name;
    call.arguments += delta.arguments;
    byIndex.set(delta.index, call);
  }
  return [...byIndex.values()];
}

async function httpFailure(response: Response): Promise<ProviderError> {
  const detail = (await response.text().catch(() => '')).slice(0, 300).replace(/\s+/g, ' ').trim();
  const message = `HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  if (response.status === 429) return new ProviderError('rate_limited', message, parseRetryAfter(response.headers.get('retry-after')));
  if (response.status >= 500 || response.status === 408) {
    return new ProviderError('server_error', message, parseRetryAfter(response.headers.get('retry-after')));
  }
  return new ProviderError('rejected', message);
}

async function readWholeCompletion(response: Response, sink: ChatSink): Promise<ChatResult> {
  const body: unknown = await response.json();
  const choice = isRecord(body) && Array.isArray(body.choices) && isRecord(body.choices[0]) ? body.choices[0] : null;
  const message = choice && isRecord(choice.message) ? choice.message : null;
  if (!message || typeof message.content !== 'string')
    throw new ProviderError('rejected', 'The JSON response held no choices[0].message.content.');
  sink.text(message.content);
  const usage = isRecord(body) && isRecord(body.usage) ? body.usage : null;
  const promptTokens = typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : null;
  const completionTokens = typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : null;
  return {
    content: message.content,
    toolCalls: [],
    usage:
      promptTokens !== null && completionTokens !== null
        ? {
            promptTokens,
            completionTokens,
            totalTokens: promptTokens + completionTokens,
            costUsd: typeof usage?.cost === 'number' ? usage.cost : null,
          }
        : null,
    finishReason: choice && typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    malformed: [],
  };
}

function classify(error: unknown, callerSignal: AbortSignal, timeout: IdleTimeout): unknown {
  if (error instanceof ProviderError) return error;
  if (callerSignal.aborted) return callerSignal.reason;
  if (timeout.fired) return new ProviderError('timeout', `No data for ${timeout.ms / 1_000} s.`);
  const message = error instanceof Error ? describeFetchError(error) : String(error);
  // A failure after the response started is a dropped stream; before it, the server was unreachable.
  return new ProviderError(timeout.touched ? 'dropped_stream' : 'network', message);
}

function describeFetchError(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Aborts when no data arrived for `ms`; every chunk pushes the deadline back. */
class IdleTimeout {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout;
  fired = false;
  touched = false;

  constructor(readonly ms: number) {
    this.timer = this.arm();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  touch(): void {
    this.touched = true;
    clearTimeout(this.timer);
    this.timer = this.arm();
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private arm(): NodeJS.Timeout {
    return setTimeout(() => {
      this.fired = true;
      this.controller.abort(new Error('idle timeout'));
    }, this.ms);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body's chunks through its reader: web streams are async-iterable in Node, but not in
 * the DOM typings that the dashboard's end-to-end tests compile this file under.
 */
async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
