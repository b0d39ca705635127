import type { IncomingMessage } from 'node:http';
import { callTRPCProcedure, getTRPCErrorFromUnknown, getTRPCErrorShape, TRPCError, type AnyTRPCRouter } from '@trpc/server';
import { getWSConnectionHandler } from '@trpc/server/adapters/ws';
import { WebSocket, type Server as WebSocketServer } from 'ws';
import { z } from 'zod';
import { authenticate, bearerToken, tokenFromConnectionParams } from '../auth/authenticate';
import { createConnectionContext, type ApiDeps, type Context } from '../context';
import { trpcDataFrame, trpcDataPrefix } from '../events/event-frames';
import type { LiveEvent } from '../events/event-rows';
import { LiveSubscription, type LiveSink } from '../events/live-subscription';
import type { AuthWatch } from './auth-watch';
import { closeReason, SLOW_CONSUMER_REASON, WS_CLOSE } from './close-codes';
import { LiveAuth } from './live-auth';
import { sendCorked } from './tick-cork';

// tRPC over WebSocket with the event subscription taken off tRPC's per-subscriber async
// generator: `events.subscribe` messages are intercepted before tRPC's adapter sees them,
// the procedure is still called through tRPC (its middlewares check the token, role and rate
// limit, and zod checks the input), and what it returns, a LiveSubscription, writes tRPC's own
// data frames straight to the socket from the fan-out. Every other message (queries,
// mutations, connectionParams, PING) goes to tRPC's adapter unchanged, on the same socket.
// tRPC here has no data transformer (see wire.ts), so its frames are plain JSON.

export const EVENTS_SUBSCRIBE_PATH = 'events.subscribe';

/** A WebSocket whose incoming messages can be taken before tRPC's adapter sees them. */
export class TrpcSocket extends WebSocket {
  #interceptor: ((data: Buffer) => boolean) | null = null;

  /** `interceptor` returns true for a message it handled itself. */
  interceptMessages(interceptor: (data: Buffer) => boolean): void {
    this.#interceptor = interceptor;
  }

  /** Hands tRPC's adapter a message the interceptor did not take (the rest of a batch). */
  passToTrpc(data: Buffer): void {
    super.emit('message', data, false);
  }

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message' && this.#interceptor) {
      const [data, isBinary] = args;
      if (isBinary === false && Buffer.isBuffer(data) && this.#interceptor(data)) return true;
    }
    return super.emit(event, ...args);
  }
}

export interface TrpcWsOptions {
  router: AnyTRPCRouter;
  deps: ApiDeps;
  authWatch: AuthWatch;
  maxBufferedBytes: number;
  onError: (failure: { error: TRPCError; path?: string | undefined }) => void;
}

const requestId = z.union([z.string(), z.number()]);
const subscribeMessage = z.object({
  id: requestId,
  jsonrpc: z.literal('2.0').optional(),
  method: z.literal('subscription'),
  params: z.object({ path: z.literal(EVENTS_SUBSCRIBE_PATH), input: z.unknown().optional(), lastEventId: z.string().optional() }),
});
const stopMessage = z.object({ id: requestId, jsonrpc: z.literal('2.0').optional(), method: z.literal('subscription.stop') });
type SubscribeMessage = z.infer<typeof subscribeMessage>;
type StopMessage = z.infer<typeof stopMessage>;

/**
 * Serves tRPC on `server`'s sockets: tRPC's own adapter for everything, with the event
 * subscription intercepted (above). The context of a socket is created once, from its token,
 * but its rights stay live (auth-watch.ts): a revoked token closes the socket, a new role
 * applies to its next call.
 */
export function serveTrpcOverWebSocket(server: WebSocketServer<typeof TrpcSocket>, options: TrpcWsOptions) {
  const connections = new WeakMap<WebSocket, TrpcConnection>();
  const onConnection = getWSConnectionHandler({
    wss: server,
    router: options.router,
    createContext: ({ req, res, info }) => {
      const socket: unknown = res;
      const connection = socket instanceof TrpcSocket ? connections.get(socket) : undefined;
      if (!connection) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'A socket without its connection.' });
      return connection.createContext(tokenFromConnectionParams(info.connectionParams) ?? bearerToken(req.headers.authorization));
    },
    onError: options.onError,
  });
  server.on('connection', (socket, request) => {
    connections.set(socket, new TrpcConnection(socket, request, options));
    onConnection(socket, request);
  });
  return {
    /** Asks every client to reconnect (tRPC's reconnect notification), e.g. before a restart. */
    broadcastReconnect(): void {
      const notification = JSON.stringify({ id: null, method: 'reconnect' });
      for (const socket of server.clients) if (socket.readyState === WebSocket.OPEN) socket.send(notification);
    },
  };
}

type ResponseMessage = { id: string | number; jsonrpc: '2.0' | undefined } & (
  { result: { type: 'started' | 'stopped' } } | { error: unknown }
);

interface Subscription {
  jsonrpc: '2.0' | undefined;
  abort: AbortController;
  live: LiveSubscription | null;
}

class TrpcConnection {
  readonly #socket: TrpcSocket;
  readonly #options: TrpcWsOptions;
  readonly #subscriptions = new Map<string | number, Subscription>();
  #expectConnectionParams: boolean;
  #context: Promise<Context> | null = null;
  #unwatch: (() => void) | null = null;
  #ending = false;

  constructor(socket: TrpcSocket, request: IncomingMessage, options: TrpcWsOptions) {
    this.#socket = socket;
    this.#options = options;
    // Mirrors tRPC's adapter: with ?connectionParams=1 the first message carries the token.
    this.#expectConnectionParams = new URL(request.url ?? '/', 'http://localhost').searchParams.get('connectionParams') === '1';
    socket.interceptMessages((data) => this.#take(data));
    socket.once('close', () => this.#closed());
  }

  createContext(token: string | null): Promise<Context> {
    this.#context = (async () => {
      const authentication = await authenticate(this.#options.deps.db, token);
      if (!authentication.caller) throw new TRPCError({ code: 'UNAUTHORIZED', message: authentication.problem });
      const auth = new LiveAuth(authentication);
      if (!this.#ending) {
        this.#unwatch = this.#options.authWatch.watch(auth);
        auth.onLost((problem) => this.#revoked(problem));
      }
      return createConnectionContext(this.#options.deps, auth);
    })();
    return this.#context;
  }

  #take(data: Buffer): boolean {
    const text = data.toString('utf8');
    if (text === 'PING' || text === 'PONG') return false;
    if (this.#expectConnectionParams) {
      this.#expectConnectionParams = false;
      return false;
    }
    const parsed = parseJson(text);
    if (parsed === undefined) return false;
    const messages: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
    const ours: Array<SubscribeMessage | StopMessage> = [];
    const rest: unknown[] = [];
    for (const message of messages) {
      const subscribe = subscribeMessage.safeParse(message);
      const stop = subscribe.success ? null : stopMessage.safeParse(message);
      if (subscribe.success) ours.push(subscribe.data);
      else if (stop?.success && this.#subscriptions.has(stop.data.id)) ours.push(stop.data);
      else rest.push(message);
    }
    if (ours.length === 0) return false;
    for (const message of ours) {
      if (message.method === 'subscription') this.#subscribe(message);
      else this.#stop(message);
    }
    if (rest.length > 0) this.#socket.passToTrpc(Buffer.from(JSON.stringify(Array.isArray(parsed) ? rest : rest[0])));
    return true;
  }

  #subscribe(message: SubscribeMessage): void {
    const { id, jsonrpc } = message;
    if (this.#subscriptions.has(id)) {
      this.#respondError(id, jsonrpc, new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate id ${id}` }), undefined, undefined);
      return;
    }
    const subscription: Subscription = { jsonrpc, abort: new AbortController(), live: null };
    this.#subscriptions.set(id, subscription);
    // What tRPC's adapter does with the id a reconnecting client sends back.
    const { input, lastEventId } = message.params;
    const rawInput = lastEventId === undefined ? input : isPlainObject(input) ? { ...input, lastEventId } : (input ?? { lastEventId });
    void this.#start(id, subscription, rawInput);
  }

  async #start(id: string | number, subscription: Subscription, input: unknown): Promise<void> {
    let ctx: Context | undefined;
    let result: unknown;
    try {
      if (!this.#context) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'The connection has no context yet.' });
      ctx = await this.#context;
      result = await callTRPCProcedure({
        router: this.#options.router,
        path: EVENTS_SUBSCRIBE_PATH,
        getRawInput: async () => input,
        ctx,
        type: 'subscription',
        signal: subscription.abort.signal,
        batchIndex: 0,
      });
    } catch (cause) {
      if (this.#subscriptions.get(id) === subscription) this.#subscriptions.delete(id);
      this.#respondError(id, subscription.jsonrpc, cause, input, ctx);
      return;
    }
    if (!(result instanceof LiveSubscription)) {
      this.#subscriptions.delete(id);
      this.#respondError(id, subscription.jsonrpc, new Error(`${EVENTS_SUBSCRIBE_PATH} did not return a live subscription`), input, ctx);
      return;
    }
    // Stopped (or the socket closed) while the procedure ran.
    if (subscription.abort.signal.aborted || this.#ending || this.#subscriptions.get(id) !== subscription) {
      result.stop();
      return;
    }
    subscription.live = result;
    this.#respond({ id, jsonrpc: subscription.jsonrpc, result: { type: 'started' } });
    result.start(new TrpcSink(this.#socket, trpcDataPrefix(id, subscription.jsonrpc), this.#options.maxBufferedBytes, this));
  }

  #stop(message: StopMessage): void {
    const subscription = this.#subscriptions.get(message.id);
    if (!subscription) return;
    this.#subscriptions.delete(message.id);
    subscription.abort.abort();
    subscription.live?.stop();
    this.#respond({ id: message.id, jsonrpc: message.jsonrpc, result: { type: 'stopped' } });
  }

  /** The client stopped reading: drop its subscriptions and close; its client resumes each from its last id. */
  fellBehind(): void {
    if (this.#ending) return;
    this.#endSubscriptions();
    this.#socket.close(WS_CLOSE.slowConsumer, SLOW_CONSUMER_REASON);
  }

  /** The token was revoked or its user disabled: every subscription ends with UNAUTHORIZED, then the socket closes. */
  #revoked(problem: string): void {
    if (this.#ending) return;
    const error = new TRPCError({ code: 'UNAUTHORIZED', message: problem });
    for (const [id, subscription] of this.#subscriptions) this.#respondError(id, subscription.jsonrpc, error, undefined, undefined);
    this.#endSubscriptions();
    this.#socket.close(WS_CLOSE.unauthorized, closeReason(problem));
  }

  unauthorized(problem: string): void {
    this.#revoked(problem);
  }

  #endSubscriptions(): void {
    this.#ending = true;
    for (const subscription of this.#subscriptions.values()) {
      subscription.abort.abort();
      subscription.live?.stop();
    }
    this.#subscriptions.clear();
  }

  #closed(): void {
    this.#endSubscriptions();
    this.#unwatch?.();
    this.#unwatch = null;
  }

  #respond(message: ResponseMessage): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #respondError(id: string | number, jsonrpc: '2.0' | undefined, cause: unknown, input: unknown, ctx: Context | undefined): void {
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
    this.#respond({ id, jsonrpc, error: shape });
  }
}

/** Writes a subscription's tRPC data frames to its socket. */
class TrpcSink implements LiveSink {
  readonly #socket: WebSocket;
  readonly #prefix: Buffer;
  readonly #connection: TrpcConnection;
  readonly limit: number;

  constructor(socket: WebSocket, prefix: Buffer, limit: number, connection: TrpcConnection) {
    this.#socket = socket;
    this.#prefix = prefix;
    this.limit = limit;
    this.#connection = connection;
  }

  get unsent(): number {
    return this.#socket.bufferedAmount;
  }

  write(event: LiveEvent, cursor: bigint, onWritten?: () => void): void {
    sendCorked(this.#socket, () =>
      this.#socket.send(
        trpcDataFrame(this.#prefix, event, cursor),
        { binary: false },
        onWritten === undefined ? undefined : () => onWritten(),
      ),
    );
  }

  fellBehind(): void {
    this.#connection.fellBehind();
  }

  unauthorized(problem: string): void {
    this.#connection.unauthorized(problem);
  }
}

/** The message as JSON, or undefined when it is not JSON (tRPC's adapter then answers PARSE_ERROR). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
