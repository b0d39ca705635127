import { entityId } from '@quarterdeck/contracts';
import { generateOpenApiDocument } from 'trpc-to-openapi';
import { z } from 'zod';
import type { AppRouter } from '../router';
import { applyErrorResponses } from './error-responses';

/** REST paths live under this prefix; /healthz is the one exception (load balancers expect it at the root). */
export const REST_PREFIX = '/api/v1/';

/** The OpenAPI 3 document, generated from the procedures that carry `openapi` meta: the same schemas tRPC validates with. */
export function buildOpenApiDocument(router: AppRouter, publicUrl: string) {
  const document = generateOpenApiDocument(router, {
    title: 'Quarterdeck API',
    version: '0.1.0',
    description:
      'REST for non-TypeScript clients, generated from the same procedures as the typed tRPC API. ' +
      'Send `Authorization: Bearer <token>` (create tokens in the dashboard or with auth.createToken). ' +
      'Every error has one body, the `Error` schema: `{ code, message, field?, issues?, retryAfterSeconds? }`, with the HTTP status of its code ' +
      '(400 bad input naming the field, 401, 403, 404, 405, 413 body too large, 415 not JSON, 429 with Retry-After, 500, 503 database unreachable).',
    baseUrl: publicUrl.replace(/\/$/, ''),
    tags: ['projects', 'tasks', 'agents', 'hitl', 'artifacts', 'system'],
    // Binary, so not a procedure (src/http/artifacts-zip-route.ts); documented here by hand.
    paths: {
      '/api/v1/projects/{projectId}/artifacts.zip': {
        get: {
          operationId: 'artifacts-downloadZip',
          tags: ['artifacts'],
          summary:
            "Download every version of a project's artifacts as a ZIP with a manifest.json (type, version, content hash, source agent, simulated flag, lineage)",
          security: [{ Authorization: [] }],
          requestParams: { path: z.object({ projectId: entityId }) },
          responses: {
            '200': { description: 'The ZIP archive', content: { 'application/zip': { schema: { type: 'string', format: 'binary' } } } },
          },
        },
      },
    },
  });
  applyErrorResponses(document);
  return document;
}
