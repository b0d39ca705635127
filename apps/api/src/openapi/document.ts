import { entityId } from '@quarterdeck/contracts';
import { generateOpenApiDocument } from 'trpc-to-openapi';
import { z } from 'zod';
import type { AppRouter } from '../router';

/** REST paths live under this prefix; /healthz is the one exception (load balancers expect it at the root). */
export const REST_PREFIX = '/api/v1/';

/** The OpenAPI 3 document, generated from the procedures that carry `openapi` meta: the same schemas tRPC validates with. */
export function buildOpenApiDocument(router: AppRouter, publicUrl: string) {
  return generateOpenApiDocument(router, {
    title: 'Quarterdeck API',
    version: '0.1.0',
    description:
      'REST for non-TypeScript clients, generated from the same procedures as the typed tRPC API. ' +
      'Send `Authorization: Bearer <token>` (create tokens in the dashboard or with auth.createToken). ' +
      'Errors are `{ message, code, data: { appCode, field, issues } }` with the HTTP status of their code.',
    baseUrl: publicUrl.replace(/\/$/, ''),
    tags: ['projects', 'tasks', 'agents', 'hitl', 'artifacts', 'search', 'system'],
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
            '400': { description: 'projectId is not a UUID (data.field names it)' },
            '401': { description: 'No valid bearer token' },
            '404': { description: 'No project has this id' },
          },
        },
      },
    },
  });
}
