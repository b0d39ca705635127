import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local OpenAI-compatible chat-completions server for tests: real HTTP, real SSE. Each
// provider name (the first path segment: /primary/v1/chat/completions) has a queue of
// scripted replies, played in order; every request is recorded for assertions.

export type ScriptedReply =
  | { kind: 'stream'; events: string[]; delayMs?: number; cutAfter?: number }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string };

export interface RecordedRequest {
  provider: string;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    response_format?: unknown;
    stream?: boolean;
    [key: string]: unknown;
  };
  authorization: string | undefined;
}

export type Responder = (body: RecordedRequest['body']) => ScriptedReply;

export interface ScriptedServer {
  /** Base URL of one provider, e.g. http://127.0.0.1:1234/primary/v1. */
  baseUrl(provider: string): string;
  script(provider: string, ...replies: ScriptedReply[]): void;
  /** Answers a provider's requests once its script is used up (a whole workflow run). */
  respond(provider: string, responder: Responder): void;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(): Promise<ScriptedServer> {
  const queues = new Map<string, ScriptedReply[]>();
  const responders = new Map<string, Responder>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    void handle(req, res, queues, responders, requests).catch((error: unknown) => {
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: (provider) => `http://127.0.0.1:${port}/${provider}/v1`,
    script: (provider, ...replies) => queues.set(provider, [...(queues.get(provider) ?? []), ...replies]),
    respond: (provider, responder) => responders.set(provider, responder),
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  queues: Map<string, ScriptedReply[]>,
  responders: Map<string, Responder>,
  requests: RecordedRequest[],
): Promise<void> {
  const [, provider = '', , ...rest] = (req.url ?? '').split('/');
  const route = rest.join('/');
  if (req.method === 'GET' && route === 'models') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: [{ id: 'scripted' }] }));
    return;
  }
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  const body = JSON.parse(raw) as RecordedRequest['body'];
  requests.push({ provider, body, authorization: req.headers.authorization });
  const reply = queues.get(provider)?.shift() ?? responders.get(provider)?.(body);
  if (!reply) {
    res
      .writeHead(500, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { message: `no scripted reply left for ${provider}` } }));
    return;
  }
  if (reply.kind === 'status') {
    res
      .writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers })
      .end(reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const [index, event] of reply.events.entries()) {
    if (reply.cutAfter !== undefined && index === reply.cutAfter) {
      // Drop the connection mid-stream, as a crashing or overloaded server does (after the
      // client has had what was written so far).
      await new Promise((resolve) => setTimeout(resolve, 50));
      res.socket?.destroy();
      return;
    }
    await new Promise<void>((resolve, reject) => res.write(event, (error) => (error ? reject(error) : resolve())));
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  }
  res.end();
}

/** SSE events of a normal streamed completion: one delta per piece, a finish chunk, an optional usage chunk, [DONE]. */
export function completionEvents(
  text: string,
  options: { pieceChars?: number; usage?: { prompt: number; completion: number; cost?: number } | null } = {},
): string[] {
  const pieceChars = options.pieceChars ?? 8;
  const events: string[] = [];
  const chunk = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`;
  for (let start = 0; start < text.length; start += pieceChars) {
    events.push(
      chunk({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: { content: text.slice(start, start + pieceChars) }, finish_reason: null }],
      }),
    );
  }
  events.push(chunk({ id: 'chatcmpl-1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  if (options.usage !== null) {
    const usage = options.usage ?? { prompt: 120, completion: 45 };
    events.push(
      chunk({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk',
        choices: [],
        usage: {
          prompt_tokens: usage.prompt,
          completion_tokens: usage.completion,
          total_tokens: usage.prompt + usage.completion,
          ...(usage.cost !== undefined ? { cost: usage.cost } : {}),
        },
      }),
    );
  }
  events.push('data: [DONE]\n\n');
  return events;
}
