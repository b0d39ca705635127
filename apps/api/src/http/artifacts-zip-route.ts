import type { ServerResponse } from 'node:http';
import { projectIdInput, redact } from '@quarterdeck/contracts';
import { TRPCError } from '@trpc/server';
import { authenticate, bearerToken } from '../auth/authenticate';
import { createContextInner, type ApiDeps } from '../context';
import { buildArtifactsZip } from '../routers/artifacts/artifacts-zip';
import { createCallerFactory, router, toAppError, viewerProcedure } from '../trpc';
import { sendError } from './error-response';

/** `GET /api/v1/projects/{projectId}/artifacts.zip`: binary, so it sits beside the generated REST routes rather than in them. */
export const ARTIFACTS_ZIP_ROUTE = /^\/api\/v1\/projects\/([^/]+)\/artifacts\.zip$/;

// A procedure called in-process, never mounted on the tRPC router (a ZIP is not JSON): going
// through it gives the download exactly the token, role, rate-limit and input checks, and the
// error mapping, of every other route.
const downloadRouter = router({
  artifactsZip: viewerProcedure.input(projectIdInput).query(({ ctx, input }) => buildArtifactsZip(ctx.db, input.projectId)),
});
const createDownloadCaller = createCallerFactory(downloadRouter);

export async function serveArtifactsZip(
  deps: ApiDeps,
  authorization: string | undefined,
  projectId: string,
  response: ServerResponse,
): Promise<void> {
  try {
    const caller = createDownloadCaller(
      createContextInner(deps, await authenticate(deps.db, bearerToken(authorization)), response.req.socket.remoteAddress ?? 'unknown'),
    );
    const { fileName, zip } = await caller.artifactsZip({ projectId });
    response.writeHead(200, {
      'content-type': 'application/zip',
      'content-length': zip.byteLength,
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
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
