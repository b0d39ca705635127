import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Protocol-level heartbeats (ping / pong frames, which browsers and `ws` answer by
 * themselves): every interval each socket is pinged, and one that has not answered the
 * previous ping is terminated, so a half-open socket (a sleeping laptop, a dropped proxy)
 * does not hold subscriptions and buffers forever. One timer for the whole server.
 */
export function startHeartbeat(server: WebSocketServer, intervalMs: number): () => void {
  const answered = new WeakSet<WebSocket>();
  server.on('connection', (socket) => {
    answered.add(socket);
    socket.on('pong', () => answered.add(socket));
  });
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (!answered.has(socket)) {
        socket.terminate();
        continue;
      }
      answered.delete(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
