import { createParser } from 'eventsource-parser';

// Parses a slice of an OpenAI-compatible chat-completions SSE stream: the pure function that
// runs on the pool (sse-task.ts) and, in the bench, inline for comparison. It is stateless
// across calls: it only feeds eventsource-parser the bytes up to the last complete event
// (the last blank line) and hands the rest back as `tail`, which the caller prepends to the
// next slice. Working on bytes keeps a UTF-8 character split across network chunks intact.

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Cost the provider reported itself (OpenRouter's `usage.cost`), in USD. */
  costUsd: number | null;
}

export interface ToolCallDelta {
  index: number;
  id: string | null;
  name: string | null;
  arguments: string;
}

export interface SseSliceInput {
  bytes: Uint8Array;
  /** The stream has ended: parse whatever is left, even without a closing blank line. */
  final: boolean;
}

export interface SseSlice {
  text: string;
  /** Content deltas seen (≈ tokens: OpenAI-compatible servers send one token per delta). */
  deltas: number;
  toolCalls: ToolCallDelta[];
  usage: TokenUsage | null;
  finishReason: string | null;
  /** `data: [DONE]` was seen. */
  done: boolean;
  /** An error object the provider sent inside the stream (OpenRouter does this mid-stream). */
  streamError: string | null;
  /** Events that were not valid JSON or not a chat chunk, described briefly. */
  malformed: string[];
  tail: Uint8Array;
}

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder();
const MAX_MALFORMED_REPORTED = 20;

/** Index just past the last blank line (the end of the last complete event), or 0. */
export function lastEventBoundary(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i > 0; i--) {
    const byte = bytes[i];
    if (byte === LF) {
      const previous = bytes[i - 1];
      if (previous === LF) return i + 1;
      if (previous === CR && i >= 2 && bytes[i - 2] === LF) return i + 1;
    } else if (byte === CR && bytes[i - 1] === CR && i < bytes.length - 1) {
      // A CR at the very end may be the first half of a CRLF still in flight.
      return i + 1;
    }
  }
  return 0;
}

export function parseSseSlice(input: SseSliceInput): SseSlice {
  const boundary = input.final ? input.bytes.length : lastEventBoundary(input.bytes);
  const slice: SseSlice = {
    text: '',
    deltas: 0,
    toolCalls: [],
    usage: null,
    finishReason: null,
    done: false,
    streamError: null,
    malformed: [],
    tail: input.bytes.slice(boundary),
  };
  const textParts: string[] = [];
  const parser = createParser({
    onEvent: (event) => readChunk(event.data, slice, textParts),
    onError: (error) => noteMalformed(slice, `unparseable SSE line: ${error.message}`),
  });
  parser.feed(decoder.decode(input.bytes.subarray(0, boundary)));
  // A stream that ends without the closing blank line still owes us its last event.
  if (input.final) parser.feed('\n\n');
  slice.text = textParts.join('');
  return slice;
}

function readChunk(data: string, slice: SseSlice, textParts: string[]): void {
  const trimmed = data.trim();
  if (trimmed === '[DONE]') {
    slice.done = true;
    return;
  }
  if (trimmed === '') return;
  let chunk: unknown;
  try {
    chunk = JSON.parse(trimmed);
  } catch {
    noteMalformed(slice, `not JSON: ${trimmed.slice(0, 80)}`);
    return;
  }
  if (!isRecord(chunk)) {
    noteMalformed(slice, `not an object: ${trimmed.slice(0, 80)}`);
    return;
  }
  if (isRecord(chunk.error)) {
    slice.streamError = typeof chunk.error.message === 'string' ? chunk.error.message : JSON.stringify(chunk.error).slice(0, 500);
    return;
  }
  if (isRecord(chunk.usage)) slice.usage = readUsage(chunk.usage);
  if (!Array.isArray(chunk.choices)) {
    if (!isRecord(chunk.usage)) noteMalformed(slice, `no choices: ${trimmed.slice(0, 80)}`);
    return;
  }
  for (const choice of chunk.choices) {
    if (!isRecord(choice)) continue;
    if (typeof choice.finish_reason === 'string') slice.finishReason = choice.finish_reason;
    const delta = choice.delta;
    if (!isRecord(delta)) continue;
    if (typeof delta.content === 'string' && delta.content !== '') {
      textParts.push(delta.content);
      slice.deltas += 1;
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const call of delta.tool_calls) {
        if (isRecord(call)) slice.toolCalls.push(readToolCall(call));
      }
    }
  }
}

function readUsage(usage: Record<string, unknown>): TokenUsage {
  const promptTokens = count(usage.prompt_tokens);
  const completionTokens = count(usage.completion_tokens);
  return {
    promptTokens,
    completionTokens,
    totalTokens: count(usage.total_tokens) || promptTokens + completionTokens,
    costUsd: typeof usage.cost === 'number' && usage.cost >= 0 ? usage.cost : null,
  };
}

function readToolCall(call: Record<string, unknown>): ToolCallDelta {
  const fn = isRecord(call.function) ? call.function : {};
  return {
    index: typeof call.index === 'number' ? call.index : 0,
    id: typeof call.id === 'string' ? call.id : null,
    name: typeof fn.name === 'string' ? fn.name : null,
    arguments: typeof fn.arguments === 'string' ? fn.arguments : '',
  };
}

function noteMalformed(slice: SseSlice, description: string): void {
  if (slice.malformed.length < MAX_MALFORMED_REPORTED) slice.malformed.push(description);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
