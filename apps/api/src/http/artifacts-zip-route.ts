import type { ServerResponse } from 'node:http';
import { httpStatusOf, projectIdInput } from '@quarterdeck/contracts';
import { TRPCError } from '@trpc/server';
import { authenticate, bearerToken } from '../auth/authenticate';
import { createContextInner, type ApiDeps } from '../context';
import { buildArtifactsZip } from '../routers/artifacts/artifacts-zip';
import { createCallerFactory, router, toAppError, viewerProcedure } from '../trpc';

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
    const caller = createDownloadCaller(createContextInner(deps, await authenticate(deps.db, bearerToken(authorization))));
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
    if (trpcError.code === 'INTERNAL_SERVER_ERROR') deps.logger.error({ err: trpcError.cause ?? trpcError }, 'artifacts ZIP failed');
    const appError = toAppError(trpcError);
    response.writeHead(httpStatusOf(appError.code), { 'content-type': 'application/json' });
    // The same body shape the generated REST routes return for errors.
    response.end(
      JSON.stringify({
        message: appError.message,
        code: appError.code,
        data: { appCode: appError.code, field: appError.field ?? null, issues: appError.issues },
      }),
    );
  }
}
