import type { IncomingMessage, ServerResponse } from 'node:http';
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError, type AnyTRPCRouter } from '@trpc/server';
import { authenticate, bearerToken, tokenFromConnectionParams } from '../auth/authenticate';
import { createConnectionContext, type ApiDeps, type Context } from '../context';
import { sseDataFrame } from '../events/event-frames';
import type { LiveEvent } from '../events/event-rows';
import { LiveSubscription, type LiveSink } from '../events/live-subscription';
import type { AuthWatch } from './auth-watch';
import { LiveAuth } from './live-auth';
import { corkForTick, flushIfFull } from './tick-cork';
import { EVENTS_SUBSCRIBE_PATH } from './trpc-ws';

// The SSE fallback of `events.subscribe` (tRPC's httpSubscriptionLink), on the same fan-out as
// the WebSockets: the request is answered here rather than by tRPC's HTTP handler, whose
// stream producer runs an async generator, a web stream and a JSON.stringify per subscriber.
// The wire format is tRPC's: `connected`, then `data:` / `id:` per event, `ping` comments,
// and `serialized-error` with tRPC's error shape. The procedure is still called through tRPC,
// so token, role, rate limit and input are checked as for every other call.

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
} as const;

export interface TrpcSseOptions {
  router: AnyTRPCRouter;
  deps: ApiDeps;
  authWatch: AuthWatch;
  maxBufferedBytes: number;
  onError: (failure: { error: TRPCError; path?: string | undefined }) => void;
}

/** Answers GET /trpc/events.subscribe with a server-sent event stream. */
export class EventsSse {
  readonly #options: TrpcSseOptions;
  readonly #streams = new Set<ServerResponse>();
  readonly #pingTimer: NodeJS.Timeout | null;
  readonly #connected: string;

  constructor(options: TrpcSseOptions) {
    this.#options = options;
    const sse = options.router._def._config.sse;
    this.#connected = `event: connected\ndata: ${JSON.stringify(sse?.client ?? {})}\n\n`;
    const ping = sse?.ping;
    // One timer for every open stream; a ping keeps proxies from closing a quiet one.
    this.#pingTimer = ping?.enabled
      ? setInterval(() => {
          for (const response of this.#streams)
            if (!response.destroyed && !response.writableEnded) response.write('event: ping\ndata: \n\n');
        }, ping.intervalMs ?? 1_000)
      : null;
    this.#pingTimer?.unref();
  }

  async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    response.writeHead(200, SSE_HEADERS);
    response.write(this.#connected);
    this.#streams.add(response);
    let subscription: LiveSubscription | null = null;
    let unwatch: (() => void) | null = null;
    const abort = new AbortController();
    // The response closes when the client goes away (or the stream is ended here).
    response.once('close', () => {
      this.#streams.delete(response);
      abort.abort();
      subscription?.stop();
      unwatch?.();
    });

    let input: unknown;
    let ctx: Context | undefined;
    try {
      input = inputOf(url, request);
      const token = bearerToken(request.headers.authorization) ?? tokenFromConnectionParams(connectionParamsOf(url));
      const auth = new LiveAuth(await authenticate(this.#options.deps.db, token));
      ctx = createConnectionContext(this.#options.deps, auth);
      const result: unknown = await callTRPCProcedure({
        router: this.#options.router,
        path: EVENTS_SUBSCRIBE_PATH,
        getRawInput: async () => input,
        ctx,
        type: 'subscription',
        signal: abort.signal,
        batchIndex: 0,
      });
      if (!(result instanceof LiveSubscription)) throw new Error(`${EVENTS_SUBSCRIBE_PATH} did not return a live subscription`);
      subscription = result;
      if (abort.signal.aborted) {
        subscription.stop();
        return;
      }
      unwatch = this.#options.authWatch.watch(auth);
      subscription.start(
        new SseSink(response, this.#options.maxBufferedBytes, (problem) =>
          this.#endWithError(response, new TRPCError({ code: 'UNAUTHORIZED', message: problem }), input, ctx),
        ),
      );
    } catch (cause) {
      this.#endWithError(response, cause, input, ctx);
    }
  }

  close(): void {
    if (this.#pingTimer) clearInterval(this.#pingTimer);
    for (const response of this.#streams) response.destroy();
    this.#streams.clear();
  }

  #endWithError(response: ServerResponse, cause: unknown, input: unknown, ctx: Context | undefined): void {
    const error = getTRPCErrorFromUnknown(cause);
    this.#options.onError({ error, path: EVENTS_SUBSCRIBE_PATH });
    const shape: unknown = getTRPCErrorShape({
      config: this.#options.router._def._config,
      error,
      type: 'subscription',
      path: EVENTS_SUBSCRIBE_PATH,
      input,
      ctx,
    });
    this.#streams.delete(response);
    if (response.destroyed || response.writableEnded) return;
    response.end(`event: serialized-error\ndata: ${JSON.stringify(shape)}\n\n`);
  }
}

/** Writes a subscription's events as server-sent events. */
class SseSink implements LiveSink {
  readonly #response: ServerResponse;
  readonly #onUnauthorized: (problem: string) => void;
  readonly limit: number;

  constructor(response: ServerResponse, limit: number, onUnauthorized: (problem: string) => void) {
    this.#response = response;
    this.limit = limit;
    this.#onUnauthorized = onUnauthorized;
  }

  get unsent(): number {
    return this.#response.writableLength;
  }

  write(event: LiveEvent, cursor: bigint, onWritten?: () => void): void {
    corkForTick(this.#response);
    this.#response.write(sseDataFrame(event, cursor), onWritten === undefined ? undefined : () => onWritten());
    flushIfFull(this.#response);
  }

  fellBehind(): void {
    // The unsent backlog is dropped with the connection; EventSource reconnects with the last id it received.
    this.#response.destroy();
  }

  unauthorized(problem: string): void {
    this.#onUnauthorized(problem);
  }
}

/** tRPC's GET encoding: `?input=<JSON>`, with the SSE reconnect id (header or query) merged in as lastEventId. */
function inputOf(url: URL, request: IncomingMessage): unknown {
  const raw = url.searchParams.get('input');
  let input: unknown;
  if (raw !== null) {
    try {
      input = JSON.parse(raw) as unknown;
    } catch (cause) {
      throw new TRPCError({ code: 'PARSE_ERROR', message: 'The input is not JSON.', cause });
    }
  }
  const header = request.headers['last-event-id'];
  const lastEventId =
    (typeof header === 'string' ? header : null) ?? url.searchParams.get('lastEventId') ?? url.searchParams.get('Last-Event-Id');
  if (lastEventId === null) return input;
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return { ...input, lastEventId };
  return input ?? { lastEventId };
}

/** EventSource cannot send headers: httpSubscriptionLink puts connectionParams in the query. */
function connectionParamsOf(url: URL): Record<string, string | undefined> | null {
  const raw = url.searchParams.get('connectionParams');
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch (cause) {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'connectionParams is not JSON.', cause });
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]));
}
