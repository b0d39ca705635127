import type { Db } from '@quarterdeck/db';
import { byteLength } from '@quarterdeck/contracts/artifacts';
import { AppError } from '@quarterdeck/contracts';
import { z } from 'zod';
import { inTransaction } from '@quarterdeck/engine';
import { notFound } from '../not-found';
import { buildArtifactsZip, sha256 } from './artifacts-zip';
import { BundleFileType, type BundleSummary } from './bundle.types';

// A project's generated bundle (seed 001's "generate, then download") lives in Postgres, so
// any API process serves it and no process writes to its own disk. Generating again replaces
// it; the admin cleanup deletes old ones.

const storedFiles = z.array(z.object({ name: z.string(), type: BundleFileType, size: z.number().int() }));

async function requireProject(db: Db, projectId: string) {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw notFound('project', 'projectId');
}

/** Builds the tree, stores the ZIP, and tells subscribers it can be downloaded (artifact.bundle_ready). */
export async function generateBundle(db: Db, projectId: string, userId: string, now = new Date()) {
  const { fileName, zip, plan } = await buildArtifactsZip(db, projectId, now);
  const files = plan.files.map((file) => ({ name: file.path, type: file.type, size: byteLength(file.content) }));
  const data = {
    fileName,
    // Prisma wants an ArrayBuffer-backed array; fflate may hand back any buffer.
    zip: new Uint8Array(zip),
    sizeBytes: zip.byteLength,
    sha256: sha256(zip),
    artifactCount: plan.artifactCount,
    files,
    createdById: userId,
    createdAt: now,
  };
  await inTransaction(db, async ({ tx, emit }) => {
    await tx.artifactBundle.upsert({ where: { projectId }, create: { projectId, ...data }, update: data, select: { id: true } });
    emit({
      type: 'artifact.bundle_ready',
      projectId,
      payload: { artifactCount: plan.artifactCount, sizeBytes: zip.byteLength },
    });
  });
  return {
    artifacts_generated: plan.artifactCount,
    zip_created: true,
    download_available: true,
    file_count: files.length,
    size_bytes: zip.byteLength,
    generated_at: now.toISOString(),
  };
}

export async function bundleSummary(db: Db, projectId: string): Promise<BundleSummary> {
  await requireProject(db, projectId);
  const bundle = await db.artifactBundle.findUnique({
    where: { projectId },
    select: { createdAt: true, sizeBytes: true, artifactCount: true, sha256: true, files: true },
  });
  if (!bundle) return { download_available: false, generated_at: null, size_bytes: 0, artifact_count: 0, sha256: null, artifacts: [] };
  return {
    download_available: true,
    generated_at: bundle.createdAt.toISOString(),
    size_bytes: bundle.sizeBytes,
    artifact_count: bundle.artifactCount,
    sha256: bundle.sha256,
    artifacts: storedFiles.parse(bundle.files),
  };
}

/** The stored ZIP, for the download route. */
export async function storedBundle(db: Db, projectId: string) {
  await requireProject(db, projectId);
  const bundle = await db.artifactBundle.findUnique({ where: { projectId }, select: { fileName: true, zip: true, sha256: true } });
  if (!bundle) {
    throw new AppError('NOT_FOUND', 'No bundle has been generated for this project: POST /api/v1/artifacts/{projectId}/generate first.', {
      field: 'projectId',
    });
  }
  return { fileName: bundle.fileName, zip: new Uint8Array(bundle.zip), sha256: bundle.sha256 };
}

export async function deleteBundle(db: Db, projectId: string) {
  await requireProject(db, projectId);
  const deleted = await db.$queryRawUnsafe<Array<{ files: unknown }>>(
    'DELETE FROM artifact_bundles WHERE project_id = $1::uuid RETURNING files',
    projectId,
  );
  const cleaned = deleted.reduce((sum, row) => sum + storedFiles.parse(row.files).length, 0);
  return { cleaned_files: cleaned, status: 'success' as const };
}

/** Deletes every bundle generated more than `maxAgeHours` ago. */
export async function cleanupOldBundles(db: Db, maxAgeHours: number, now = new Date()) {
  const deleted = await db.$queryRawUnsafe<Array<{ size: number }>>(
    `DELETE FROM artifact_bundles WHERE created_at < $1::timestamptz - make_interval(hours => $2::int) RETURNING size_bytes AS size`,
    now.toISOString(),
    maxAgeHours,
  );
  const freed = deleted.reduce((sum, row) => sum + row.size, 0);
  return { cleaned_files: deleted.length, freed_space_mb: Math.round((freed / 1024 / 1024) * 1000) / 1000 };
}
