import { generateOpenApiDocument } from 'trpc-to-openapi';
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
    tags: ['projects', 'tasks', 'agents', 'hitl', 'system'],
  });
}
