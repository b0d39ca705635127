import type { TokenUsage } from '../stream/sse-parse';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The schema the reply must follow; `type` lets the simulated provider answer without a model. */
export interface ResponseSchema {
  name: string;
  schema: Record<string, unknown>;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number | null;
  maxTokens: number | null;
  responseSchema: ResponseSchema | null;
}

export interface ToolCall {
  id: string | null;
  name: string;
  arguments: string;
}

export interface ChatResult {
  content: string;
  toolCalls: ToolCall[];
  /** Null when the provider sent no usage chunk (the caller estimates). */
  usage: TokenUsage | null;
  finishReason: string | null;
  /** Chunks the parser could not read (skipped, reported in the log). */
  malformed: string[];
}

/** Where streamed text goes as it arrives. */
export interface ChatSink {
  text(delta: string): void;
}

export interface ChatCallOptions {
  signal: AbortSignal;
  /** No byte for this long aborts the call as timed out (reset on every chunk). */
  idleTimeoutMs: number;
}

export interface ChatProvider {
  /** The provider name as stored in usage rows ("ollama", "openrouter", "simulated", …). */
  readonly name: string;
  /** True for the built-in offline provider: its output is labelled simulated everywhere. */
  readonly simulated: boolean;
  complete(request: ChatRequest, sink: ChatSink, options: ChatCallOptions): Promise<ChatResult>;
}
