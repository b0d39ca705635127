import { apiErrorBody } from '@quarterdeck/contracts';
import { z } from 'zod';

// One error schema for the whole REST API, referenced by every operation's 4xx and 5xx
// responses, in place of trpc-to-openapi's per-code schemas (which described a body the API
// does not send).

export const ERROR_SCHEMA_NAME = 'Error';
const errorRef = { $ref: `#/components/schemas/${ERROR_SCHEMA_NAME}` };

export function errorSchema(): object {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(apiErrorBody);
  return schema;
}

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } },
};

function errorResponse(description: string, headers?: Record<string, unknown>) {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: errorRef } } };
}

interface Operation {
  responses?: Record<string, unknown>;
  security?: unknown[];
  requestBody?: unknown;
}

/** The error responses an operation can give, all with the one Error body. */
export function errorResponsesOf(operation: Operation): Record<string, unknown> {
  const isProtected = (operation.security?.length ?? 0) > 0;
  return {
    '400': errorResponse('The input is not valid: `field` names the field when there is one, `issues` lists every problem'),
    ...(isProtected
      ? {
          '401': errorResponse('No valid bearer token (missing, unknown, revoked or expired)'),
          '403': errorResponse("The token's role may not do this"),
        }
      : {}),
    '404': errorResponse('No such path, or no record has this id'),
    '405': errorResponse('The path exists but not with this method (the Allow header lists its methods)', {
      Allow: { description: 'The methods this path accepts', schema: { type: 'string' } },
    }),
    ...(operation.requestBody === undefined
      ? {}
      : {
          '413': errorResponse('The request body is larger than QUARTERDECK_MAX_BODY_BYTES (64 KiB without a token)'),
          '415': errorResponse('The request body is not application/json'),
        }),
    '429': errorResponse('Too many requests from this token (or, without one, this address) this minute', retryAfter),
    '500': errorResponse('An unexpected failure; the details are in the server log'),
    '503': errorResponse('A part the request needs (the database) is unreachable; retry after the given time', retryAfter),
  };
}

/** Rewrites a generated document in place: the Error schema, and every operation's error responses. */
export function applyErrorResponses(document: {
  paths?: Record<string, object | undefined>;
  components?: { schemas?: Record<string, object> };
}): void {
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) delete schemas[name];
  schemas[ERROR_SCHEMA_NAME] = errorSchema();
  document.components.schemas = schemas;
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, value] of Object.entries(item ?? {})) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method) || typeof value !== 'object' || value === null) continue;
      const operation = value as Operation;
      const success = Object.fromEntries(Object.entries(operation.responses ?? {}).filter(([status]) => /^[23]/.test(status)));
      operation.responses = { ...success, ...errorResponsesOf(operation) };
      if (path === '/healthz') healthResponses(operation, success);
    }
  }
}

/** /healthz is public and its 503 is the health report itself, naming the part that is down. */
function healthResponses(operation: Operation, success: Record<string, unknown>): void {
  const ok = success['200'];
  operation.responses = {
    ...success,
    '405': errorResponse('Only GET and HEAD', { Allow: { schema: { type: 'string' } } }),
    '503': { ...(typeof ok === 'object' && ok !== null ? ok : {}), description: 'Some part is down: the report says which and why' },
  };
}
