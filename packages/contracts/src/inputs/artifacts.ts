import { z } from 'zod';
import { ArtifactType } from '../enums';
import { entityId, identifier } from '../primitives';
import { paginationShape } from './pagination';

// Context artifacts (reading, bundling, exporting). Search has its own schemas in apps/api/src/routers/search/.

export const listArtifactsInput = z.strictObject({
  projectId: entityId,
  runId: entityId.optional(),
  taskId: entityId.optional(),
  artifactType: ArtifactType.optional(),
  handoffType: identifier.optional(),
  /** Only the newest version of each logical artifact (the usual view). */
  latestOnly: z.boolean().default(true),
  ...paginationShape,
});
export type ListArtifactsInput = z.infer<typeof listArtifactsInput>;

export const artifactIdInput = z.strictObject({ artifactId: entityId });
export type ArtifactIdInput = z.infer<typeof artifactIdInput>;

export const ExportTarget = z.enum(['zip', 'jira', 'confluence']);
export type ExportTarget = z.infer<typeof ExportTarget>;

/** ZIP of the artifacts with a manifest, a Jira epic per run with a story per task, or a Confluence page per run. */
export const exportProjectInput = z.strictObject({
  projectId: entityId,
  runId: entityId.optional(),
  target: ExportTarget,
});
export type ExportProjectInput = z.infer<typeof exportProjectInput>;
