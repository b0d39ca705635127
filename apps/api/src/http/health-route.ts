import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@quarterdeck/db';
import { checkHealth, type HealthThresholds } from '../health/check-health';
import { sendMethodNotAllowed } from './error-response';

/** GET (or HEAD) /healthz: 200 while nothing is down, 503 naming the part that is. */
export async function serveHealth(request: IncomingMessage, response: ServerResponse, db: Db, thresholds: HealthThresholds): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendMethodNotAllowed(response, request.method, '/healthz', ['GET', 'HEAD']);
    return;
  }
  const report = await checkHealth(db, thresholds);
  const body = JSON.stringify(report);
  response.writeHead(report.status === 'down' ? 503 : 200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
