import type { ServerResponse } from 'node:http';
import { projectIdInput, redact } from '@quarterdeck/contracts';
import { TRPCError } from '@trpc/server';
import { authenticate, bearerToken } from '../auth/authenticate';
import { createContextInner, type ApiDeps } from '../context';
import { storedBundle } from '../routers/artifacts/artifact-bundle';
import { buildArtifactsZip } from '../routers/artifacts/artifacts-zip';
import { createCallerFactory, router, toAppError, viewerProcedure } from '../trpc';
import { sendError } from './error-response';

// The binary downloads, beside the generated REST routes rather than in them (a ZIP is not JSON):
// - `GET /api/v1/projects/{projectId}/artifacts.zip`: the project tree built on request;
// - `GET /api/v1/artifacts/{projectId}/download`: the bundle stored by POST …/generate (seed 001).
const ROUTES: Array<{ pattern: RegExp; download: 'current' | 'stored' }> = [
  { pattern: /^\/api\/v1\/projects\/([^/]+)\/artifacts\.zip$/, download: 'current' },
  { pattern: /^\/api\/v1\/artifacts\/([^/]+)\/download$/, download: 'stored' },
];

/** The download a GET path asks for, or null when it is not one. */
export function matchArtifactsDownload(pathname: string): { projectId: string; download: 'current' | 'stored' } | null {
  for (const route of ROUTES) {
    const projectId = route.pattern.exec(pathname)?.[1];
    if (projectId !== undefined) return { projectId: decodeURIComponent(projectId), download: route.download };
  }
  return null;
}

// Procedures called in-process, never mounted on the tRPC router: going through them gives the
// downloads exactly the token, role, rate-limit and input checks, and the error mapping, of
// every other route.
const downloadRouter = router({
  current: viewerProcedure.input(projectIdInput).query(async ({ ctx, input }) => {
    const { fileName, zip } = await buildArtifactsZip(ctx.db, input.projectId);
    return { fileName, zip, sha256: null };
  }),
  stored: viewerProcedure.input(projectIdInput).query(({ ctx, input }) => storedBundle(ctx.db, input.projectId)),
});
const createDownloadCaller = createCallerFactory(downloadRouter);

export async function serveArtifactsDownload(
  deps: ApiDeps,
  authorization: string | undefined,
  route: { projectId: string; download: 'current' | 'stored' },
  response: ServerResponse,
): Promise<void> {
  try {
    const caller = createDownloadCaller(
      createContextInner(deps, await authenticate(deps.db, bearerToken(authorization)), response.req.socket.remoteAddress ?? 'unknown'),
    );
    const { fileName, zip, sha256 } = await caller[route.download]({ projectId: route.projectId });
    response.writeHead(200, {
      'content-type': 'application/zip',
      'content-length': zip.byteLength,
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
      ...(sha256 === null ? {} : { 'x-content-sha256': sha256 }),
    });
    response.end(zip);
  } catch (error) {
    const trpcError = error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
    const appError = toAppError(trpcError);
    if (appError.code === 'INTERNAL') deps.logger.error({ err: redact(String(trpcError.cause ?? trpcError)) }, 'artifacts ZIP failed');
    // The one error body of every REST route.
    sendError(response, appError);
  }
}
