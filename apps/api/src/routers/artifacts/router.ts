import { artifactIdInput, listArtifactsInput } from '@quarterdeck/contracts';
import { router, viewerProcedure } from '../../trpc';
import { toWire } from '../../wire';
import { artifactLineage, artifactVersions, getArtifact } from './get-artifact';
import { listArtifacts } from './list-artifacts';

export const artifactsRouter = router({
  list: viewerProcedure.input(listArtifactsInput).query(async ({ ctx, input }) => toWire(await listArtifacts(ctx.db, input))),
  get: viewerProcedure.input(artifactIdInput).query(async ({ ctx, input }) => toWire(await getArtifact(ctx.db, input.artifactId))),
  versions: viewerProcedure
    .input(artifactIdInput)
    .query(async ({ ctx, input }) => toWire(await artifactVersions(ctx.db, input.artifactId))),
  lineage: viewerProcedure.input(artifactIdInput).query(async ({ ctx, input }) => toWire(await artifactLineage(ctx.db, input.artifactId))),
});
