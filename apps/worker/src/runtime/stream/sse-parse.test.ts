import { describe, expect, it } from 'vitest';
import { lastEventBoundary, parseSseSlice } from './sse-parse';

const encode = (text: string) => new TextEncoder().encode(text);
const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;

describe('parseSseSlice', () => {
  it('parses complete events and hands back the unfinished one as bytes', () => {
    const text = chunk('Hel') + chunk('lo') + 'data: {"choices":[{"index":0,"del';
    const slice = parseSseSlice({ bytes: encode(text), final: false });
    expect(slice.text).toBe('Hello');
    expect(slice.deltas).toBe(2);
    expect(new TextDecoder().decode(slice.tail)).toBe('data: {"choices":[{"index":0,"del');
  });

  it('keeps a UTF-8 character split across network chunks intact', () => {
    const bytes = encode(chunk('héllo ✓'));
    const cut = bytes.indexOf(0xe2) + 1; // inside the three bytes of ✓
    const first = parseSseSlice({ bytes: bytes.slice(0, cut), final: false });
    const joined = new Uint8Array([...first.tail, ...bytes.slice(cut)]);
    const second = parseSseSlice({ bytes: joined, final: false });
    expect(first.text + second.text).toBe('héllo ✓');
  });

  it('reads CRLF framing, usage, finish reason, tool-call deltas and [DONE]', () => {
    const events = [
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', function: { name: 'search', arguments: '{"q":' } }] } }] })}`,
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"x"}' } }] }, finish_reason: 'tool_calls' }] })}`,
      `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10, cost: 0.001 } })}`,
      'data: [DONE]',
    ];
    const slice = parseSseSlice({ bytes: encode(events.map((event) => `${event}\r\n\r\n`).join('')), final: false });
    expect(slice.toolCalls).toEqual([
      { index: 0, id: 'call_1', name: 'search', arguments: '{"q":' },
      { index: 0, id: null, name: null, arguments: '"x"}' },
    ]);
    expect(slice.finishReason).toBe('tool_calls');
    expect(slice.usage).toEqual({ promptTokens: 7, completionTokens: 3, totalTokens: 10, costUsd: 0.001 });
    expect(slice.done).toBe(true);
    expect(slice.tail.length).toBe(0);
  });

  it('reports malformed events and an error sent inside the stream', () => {
    const slice = parseSseSlice({
      bytes: encode('data: {oops\n\ndata: "text"\n\n' + chunk('ok') + 'data: {"error":{"message":"upstream overloaded"}}\n\n'),
      final: false,
    });
    expect(slice.text).toBe('ok');
    expect(slice.malformed).toEqual(['not JSON: {oops', 'not an object: "text"']);
    expect(slice.streamError).toBe('upstream overloaded');
  });

  it('parses a last event without its closing blank line when the stream ends', () => {
    const slice = parseSseSlice({ bytes: encode('data: [DONE]'), final: true });
    expect(slice.done).toBe(true);
  });
});

describe('lastEventBoundary', () => {
  it('finds the end of the last complete event for LF, CRLF and CR framing', () => {
    expect(lastEventBoundary(encode('data: a\n\ndata: b'))).toBe(9);
    expect(lastEventBoundary(encode('data: a\r\n\r\ndata: b'))).toBe(11);
    expect(lastEventBoundary(encode('data: a\r\rdata: b'))).toBe(9);
    expect(lastEventBoundary(encode('data: a\n'))).toBe(0);
  });
});
