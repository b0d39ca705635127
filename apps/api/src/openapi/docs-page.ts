import { createReadStream, existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

// A browsable page for the OpenAPI document, served entirely from this process (the
// swagger-ui-dist package on disk): works offline and sends nothing to a CDN.

const swaggerDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Quarterdeck API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/swagger-ui-standalone-preset.js"></script>
  <script src="/api/docs/initializer.js"></script>
</body>
</html>`;

// Served as a file rather than inline so a strict Content-Security-Policy can forbid inline scripts.
const INITIALIZER = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
  persistAuthorization: true,
});`;

/** Handles /api/docs and its assets; returns false for any other path. */
export function serveDocsPage(pathname: string, response: ServerResponse): boolean {
  if (pathname === '/api/docs' || pathname === '/api/docs/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    response.end(PAGE);
    return true;
  }
  if (pathname === '/api/docs/initializer.js') {
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
    response.end(INITIALIZER);
    return true;
  }
  const asset = pathname.startsWith('/api/docs/') ? pathname.slice('/api/docs/'.length) : '';
  const contentType = ASSETS[asset];
  const file = path.join(swaggerDir, asset);
  if (contentType === undefined || !existsSync(file)) return false;
  response.writeHead(200, { 'content-type': contentType, 'cache-control': 'public, max-age=86400' });
  createReadStream(file).pipe(response);
  return true;
}
