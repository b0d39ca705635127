import type { IncomingMessage } from 'node:http';
import {
  AppError,
  channelsOfPlainWs,
  PLAIN_WS_FRAME_TYPES,
  plainWsClientFrame,
  type PlainWsClientFrame,
  type PlainWsRequestId,
  type PlainWsServerFrame,
  type PlainWsSubscribeFrame,
  type SubscribeEventsInput,
} from '@quarterdeck/contracts';
import type { RawData, WebSocket, Server as WebSocketServer } from 'ws';
import { authenticate, bearerToken } from '../auth/authenticate';
import type { ApiDeps } from '../context';
import { plainWsEventFrame } from '../events/event-frames';
import type { LiveEvent } from '../events/event-rows';
import { LiveSubscription, type LiveSink } from '../events/live-subscription';
import type { AuthWatch } from './auth-watch';
import { closeReason, WS_CLOSE } from './close-codes';
import { LiveAuth } from './live-auth';
import { sendCorked } from './tick-cork';
import { runWsCommand } from './ws-commands';

// The plain WebSocket at /ws for programs that do not speak tRPC (docs/ws.md): JSON text
// frames, a token in the Authorization header or a first `auth` frame, one subscription at a
// time with the seeds' event names, and seed 003's commands. Same fan-out, same resume by
// event id, same live rights as the tRPC socket.

export interface PlainWsOptions {
  deps: ApiDeps;
  authWatch: AuthWatch;
  maxBufferedBytes: number;
  /** How long a socket without an Authorization header may take to send its `auth` frame. */
  authTimeoutMs?: number;
}

const DEFAULT_AUTH_TIMEOUT_MS = 10_000;

export function servePlainWebSocket(server: WebSocketServer, options: PlainWsOptions) {
  const connections = new Set<PlainWsConnection>();
  server.on('connection', (socket, request) => {
    const connection = new PlainWsConnection(socket, request, options);
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  });
  return {
    /** Tells every client the server is going away (with its cursor), then closes it. */
    shutdown(): void {
      for (const connection of connections)
        connection.disconnect('shutdown', 'The server is shutting down; reconnect and resume.', WS_CLOSE.goingAway);
    },
  };
}

type RequestId = PlainWsRequestId | undefined;

class PlainWsConnection {
  readonly #socket: WebSocket;
  readonly #options: PlainWsOptions;
  #auth: LiveAuth | null = null;
  #unwatch: (() => void) | null = null;
  #subscription: LiveSubscription | null = null;
  #authTimer: NodeJS.Timeout | null = null;
  /** Frames are handled one after another, so `auth` is done before what follows it. */
  #queue: Promise<void> = Promise.resolve();
  #ended = false;

  constructor(socket: WebSocket, request: IncomingMessage, options: PlainWsOptions) {
    this.#socket = socket;
    this.#options = options;
    socket.on('message', (data, isBinary) => this.#enqueue(() => this.#handle(data, isBinary)));
    socket.once('close', () => this.#closed());
    const token = bearerToken(request.headers.authorization);
    if (token) {
      this.#enqueue(() => this.#authenticate(token, undefined));
      return;
    }
    this.#authTimer = setTimeout(() => {
      this.#send({ type: 'error', code: 'UNAUTHORIZED', message: 'No auth frame arrived in time.' });
      this.#close(WS_CLOSE.authTimeout, 'auth timeout');
    }, options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS);
    this.#authTimer.unref();
  }

  /** Ends the connection with a last frame saying why and where to resume. */
  disconnect(reason: 'slow_consumer' | 'unauthorized' | 'shutdown', message: string, code: number, cursor?: bigint): void {
    if (this.#ended) return;
    const resumeAfter = cursor ?? this.#subscription?.cursor;
    this.#subscription?.stop();
    this.#send({ type: 'disconnect', reason, message, last_event_id: resumeAfter === undefined ? null : resumeAfter.toString() });
    this.#close(code, closeReason(message));
  }

  #enqueue(work: () => Promise<void>): void {
    this.#queue = this.#queue.then(work).catch((error: unknown) => {
      this.#options.deps.logger.error({ err: error }, 'plain WebSocket frame failed');
    });
  }

  async #handle(data: RawData, isBinary: boolean): Promise<void> {
    if (this.#ended) return;
    if (isBinary) {
      this.#sendError(new AppError('BAD_REQUEST', 'Frames are JSON text, not binary.'), undefined);
      return;
    }
    const text = (Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString(
      'utf8',
    );
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      this.#sendError(new AppError('BAD_REQUEST', 'The frame is not JSON.'), undefined);
      return;
    }
    const requestId = requestIdOf(json);
    const parsed = plainWsClientFrame.safeParse(json);
    if (!parsed.success) {
      this.#sendError(frameProblem(json, parsed.error), requestId);
      return;
    }
    await this.#run(parsed.data, requestId);
  }

  async #run(frame: PlainWsClientFrame, requestId: RequestId): Promise<void> {
    if (frame.type === 'auth') {
      if (this.#auth)
        this.#sendError(new AppError('BAD_REQUEST', 'This connection is already authenticated.', { field: 'type' }), requestId);
      else await this.#authenticate(frame.token, requestId);
      return;
    }
    const auth = this.#auth;
    const caller = auth?.caller;
    if (!auth || !caller) {
      this.#sendError(
        new AppError('UNAUTHORIZED', 'Authenticate first: send {"type":"auth","token":"…"} or connect with Authorization: Bearer.'),
        requestId,
      );
      return;
    }
    const { deps } = this.#options;
    const perMinute = Math.min(auth.rateLimitPerMinute, deps.limits.roleCeilings[caller.role]);
    const decision = await deps.rateLimiter.consume(`token:${caller.tokenId}`, perMinute);
    if (!decision.allowed) {
      this.#sendError(
        new AppError('TOO_MANY_REQUESTS', `This token may make ${perMinute} requests a minute; wait a moment and retry.`, {
          retryAfterSeconds: decision.retryAfterSeconds,
        }),
        requestId,
      );
      return;
    }
    switch (frame.type) {
      case 'subscribe':
        this.#subscribe(frame, auth, requestId);
        return;
      case 'unsubscribe':
        this.#subscription?.stop();
        this.#subscription = null;
        this.#send({ type: 'unsubscribed', ...withRequestId(requestId) });
        return;
      case 'task:assign':
      case 'session:terminate':
      case 'qa:trigger':
        try {
          const result = await runWsCommand(this.#options.deps, caller, frame);
          this.#send({ type: 'reply', command: frame.type, ok: true, result, ...withRequestId(requestId) });
        } catch (error) {
          this.#sendError(error, requestId, frame.type);
        }
        return;
    }
  }

  async #authenticate(token: string, requestId: RequestId): Promise<void> {
    const authentication = await authenticate(this.#options.deps.db, token);
    if (this.#ended) return;
    if (!authentication.caller) {
      this.#sendError(new AppError('UNAUTHORIZED', authentication.problem), requestId);
      this.#close(WS_CLOSE.unauthorized, closeReason(authentication.problem));
      return;
    }
    if (this.#authTimer) clearTimeout(this.#authTimer);
    const auth = new LiveAuth(authentication);
    this.#auth = auth;
    this.#unwatch = this.#options.authWatch.watch(auth);
    auth.onLost((problem) => this.disconnect('unauthorized', problem, WS_CLOSE.unauthorized));
    this.#send({ type: 'ready', user_id: authentication.caller.userId, role: authentication.caller.role, ...withRequestId(requestId) });
  }

  #subscribe(frame: PlainWsSubscribeFrame, auth: LiveAuth, requestId: RequestId): void {
    this.#subscription?.stop();
    const input: SubscribeEventsInput = {
      channels: channelsOfPlainWs(frame.channels),
      projectId: frame.project_id,
      runId: frame.run_id,
      agentId: frame.agent_id,
      sessionId: frame.session_id,
      lastEventId: frame.last_event_id,
    };
    const { db, fanout, logger } = this.#options.deps;
    const subscription = new LiveSubscription({ db, fanout, logger }, input, auth);
    this.#subscription = subscription;
    const from = frame.last_event_id ?? fanout.liveFrom.toString();
    this.#send({ type: 'subscribed', channels: input.channels, last_event_id: from, ...withRequestId(requestId) });
    subscription.start(new PlainWsSink(this.#socket, this.#options.maxBufferedBytes, this));
  }

  #send(frame: PlainWsServerFrame): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  #sendError(error: unknown, requestId: RequestId, command?: string): void {
    const appError = error instanceof AppError ? error : null;
    if (!appError) this.#options.deps.logger.error({ err: error, command }, 'plain WebSocket command failed');
    const shown = appError ?? new AppError('INTERNAL', 'Something went wrong on the server.');
    this.#send({
      type: 'error',
      code: shown.code,
      message: shown.message,
      ...(shown.field === undefined ? {} : { field: shown.field }),
      ...(shown.issues.length === 0 ? {} : { issues: [...shown.issues] }),
      ...(command === undefined ? {} : { command }),
      ...withRequestId(requestId),
    });
  }

  #close(code: number, reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#socket.close(code, reason);
  }

  #closed(): void {
    this.#ended = true;
    if (this.#authTimer) clearTimeout(this.#authTimer);
    this.#subscription?.stop();
    this.#unwatch?.();
  }
}

/** Writes event frames to a /ws socket. */
class PlainWsSink implements LiveSink {
  readonly #socket: WebSocket;
  readonly #connection: PlainWsConnection;
  readonly limit: number;

  constructor(socket: WebSocket, limit: number, connection: PlainWsConnection) {
    this.#socket = socket;
    this.limit = limit;
    this.#connection = connection;
  }

  get unsent(): number {
    return this.#socket.bufferedAmount;
  }

  write(event: LiveEvent, cursor: bigint, onWritten?: () => void): void {
    sendCorked(this.#socket, () =>
      this.#socket.send(plainWsEventFrame(event, cursor), { binary: false }, onWritten === undefined ? undefined : () => onWritten()),
    );
  }

  fellBehind(cursor: bigint): void {
    this.#connection.disconnect(
      'slow_consumer',
      'You fell behind; reconnect and subscribe with last_event_id.',
      WS_CLOSE.slowConsumer,
      cursor,
    );
  }

  unauthorized(problem: string): void {
    this.#connection.disconnect('unauthorized', problem, WS_CLOSE.unauthorized);
  }
}

function requestIdOf(json: unknown): RequestId {
  if (typeof json !== 'object' || json === null || !('request_id' in json)) return undefined;
  const value = json.request_id;
  return typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)) ? value : undefined;
}

function withRequestId(requestId: RequestId): { request_id?: PlainWsRequestId } {
  return requestId === undefined ? {} : { request_id: requestId };
}

/** A bad frame's error, naming the field; an unknown `type` lists the ones there are. */
function frameProblem(json: unknown, error: Parameters<typeof AppError.fromZodError>[0]): AppError {
  const type = typeof json === 'object' && json !== null && 'type' in json ? json.type : undefined;
  if (typeof type !== 'string' || !PLAIN_WS_FRAME_TYPES.includes(type)) {
    return new AppError('BAD_REQUEST', `The frame's type must be one of ${PLAIN_WS_FRAME_TYPES.join(', ')}.`, { field: 'type' });
  }
  return AppError.fromZodError(error, 'The frame is not valid');
}
