import { artifactIdInput, listArtifactsInput } from '@quarterdeck/contracts';
import { adminProcedure, operatorProcedure, router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { bundleSummary, cleanupOldBundles, deleteBundle, generateBundle } from './artifact-bundle';
import { artifactReviews } from './artifact-reviews';
import {
  bundleDeletedOutput,
  bundleGeneratedOutput,
  bundleProjectInput,
  bundlesCleanedOutput,
  bundleSummaryOutput,
  cleanupBundlesInput,
} from './bundle.types';
import { artifactLineage, artifactVersions, getArtifact } from './get-artifact';
import { listArtifacts } from './list-artifacts';

export const artifactsRouter = router({
  list: viewerProcedure.input(listArtifactsInput).query(async ({ ctx, input }) => toWire(await listArtifacts(ctx.db, input))),
  get: viewerProcedure.input(artifactIdInput).query(async ({ ctx, input }) => toWire(await getArtifact(ctx.db, input.artifactId))),
  versions: viewerProcedure
    .input(artifactIdInput)
    .query(async ({ ctx, input }) => toWire(await artifactVersions(ctx.db, input.artifactId))),
  lineage: viewerProcedure.input(artifactIdInput).query(async ({ ctx, input }) => toWire(await artifactLineage(ctx.db, input.artifactId))),
  /** Each review of the artifact's versions: who answered, how, and the version an amendment became. */
  reviews: viewerProcedure.input(artifactIdInput).query(async ({ ctx, input }) => toWire(await artifactReviews(ctx.db, input.artifactId))),

  // Seed 001's bundle: generate (store the ZIP), summary, download (src/http/artifacts-zip-route.ts), delete, clean up.
  generateBundle: operatorProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/api/v1/artifacts/{projectId}/generate',
        tags: ['artifacts'],
        summary: "Generate the project's artifact bundle (README, docs/, src/, tests/, data/, manifest.json) and store it for download",
      },
    })
    .input(bundleProjectInput)
    .output(bundleGeneratedOutput)
    .mutation(({ ctx, input }) => generateBundle(ctx.db, input.projectId, ctx.caller.userId)),
  bundleSummary: viewerProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/api/v1/artifacts/{projectId}/summary',
        tags: ['artifacts'],
        summary: 'The generated bundle: whether it can be downloaded, and the name, type and size of every file in it',
      },
    })
    .input(bundleProjectInput)
    .output(bundleSummaryOutput)
    .query(({ ctx, input }) => bundleSummary(ctx.db, input.projectId)),
  deleteBundle: operatorProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/api/v1/artifacts/{projectId}/artifacts',
        tags: ['artifacts'],
        summary: "Delete the project's generated bundle (the artifacts themselves stay)",
      },
    })
    .input(bundleProjectInput)
    .output(bundleDeletedOutput)
    .mutation(({ ctx, input }) => deleteBundle(ctx.db, input.projectId)),
  cleanupOldBundles: adminProcedure
    .meta({
      openapi: {
        method: 'DELETE',
        path: '/api/v1/artifacts/cleanup-old',
        tags: ['artifacts'],
        summary: 'Delete every generated bundle older than max_age_hours (administrators)',
      },
    })
    .input(cleanupBundlesInput)
    .output(bundlesCleanedOutput)
    .mutation(({ ctx, input }) => cleanupOldBundles(ctx.db, input.max_age_hours)),
});
