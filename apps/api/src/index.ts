export { createApiServer, type ApiServer, type ApiServerOptions } from './http/server';
export { ensureFirstAdmin } from './auth/login-links';
export { createApiLogger } from './logger';
export type { AppRouter } from './router';
// Workspace tools (bench/) drive the API over the same `ws` this package depends on.
export { WebSocket, WebSocketServer } from 'ws';
