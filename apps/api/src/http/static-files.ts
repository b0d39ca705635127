import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { AppError } from '@quarterdeck/contracts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built dashboard. Unknown paths get index.html so the client-side router can
 * handle deep links; hashed assets are cached for a year, index.html never.
 */
export function createStaticHandler(distDir: string) {
  const root = path.resolve(distDir);
  const indexFile = path.join(root, 'index.html');
  return (request: IncomingMessage, response: ServerResponse): void => {
    const urlPath = decodedPath(request.url ?? '/');
    const candidate = path.resolve(root, `.${urlPath}`);
    const insideRoot = candidate === root || candidate.startsWith(root + path.sep);
    const file = insideRoot && existsSync(candidate) && statSync(candidate).isFile() ? candidate : indexFile;
    if (!existsSync(file)) {
      response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('The dashboard has not been built: run `pnpm --filter @quarterdeck/web build` (pnpm start does it for you).');
      return;
    }
    const isIndex = file === indexFile;
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
    createReadStream(file).pipe(response);
  };
}

function decodedPath(url: string): string {
  const raw = new URL(url, 'http://x').pathname;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('BAD_REQUEST', `The path ${raw} is not valid percent-encoding.`);
  }
}
