import type { Db } from '@quarterdeck/db';
import { notFound } from '../not-found';
import { artifactSummarySelect } from './list-artifacts';

export async function getArtifact(db: Db, artifactId: string) {
  const artifact = await db.contextArtifact.findUnique({ where: { id: artifactId }, select: { ...artifactSummarySelect, content: true } });
  if (!artifact) throw notFound('artifact', 'artifactId');
  return artifact;
}

/** Every version of the logical artifact this one belongs to, newest first. */
export async function artifactVersions(db: Db, artifactId: string) {
  const artifact = await db.contextArtifact.findUnique({ where: { id: artifactId }, select: { projectId: true, logicalKey: true } });
  if (!artifact) throw notFound('artifact', 'artifactId');
  const versions = await db.contextArtifact.findMany({
    where: { projectId: artifact.projectId, logicalKey: artifact.logicalKey },
    orderBy: { version: 'desc' },
    select: artifactSummarySelect,
  });
  return { logicalKey: artifact.logicalKey, versions };
}

/** How far back lineage is followed: far deeper than any workflow, and a bound on a corrupt cycle. */
const MAX_LINEAGE_DEPTH = 50;

/**
 * What an artifact was made from, all the way back (each with its depth), and what was
 * made from it directly.
 */
export async function artifactLineage(db: Db, artifactId: string) {
  const artifact = await db.contextArtifact.findUnique({ where: { id: artifactId }, select: artifactSummarySelect });
  if (!artifact) throw notFound('artifact', 'artifactId');
  const upstream = await db.$queryRawUnsafe<Array<{ artifactId: string; sourceArtifactId: string; depth: number }>>(
    `WITH RECURSIVE up AS (
       SELECT artifact_id, source_artifact_id, 1 AS depth FROM artifact_lineage WHERE artifact_id = $1::uuid
       UNION
       SELECT l.artifact_id, l.source_artifact_id, up.depth + 1 FROM artifact_lineage l JOIN up ON l.artifact_id = up.source_artifact_id
       WHERE up.depth < $2
     )
     SELECT artifact_id::text AS "artifactId", source_artifact_id::text AS "sourceArtifactId", min(depth)::int AS depth
     FROM up GROUP BY artifact_id, source_artifact_id`,
    artifactId,
    MAX_LINEAGE_DEPTH,
  );
  const sourceIds = [...new Set(upstream.map((edge) => edge.sourceArtifactId))];
  const [sources, derivatives] = await Promise.all([
    db.contextArtifact.findMany({ where: { id: { in: sourceIds } }, select: artifactSummarySelect }),
    db.contextArtifact.findMany({
      where: { sources: { some: { sourceArtifactId: artifactId } } },
      orderBy: { createdAt: 'asc' },
      select: artifactSummarySelect,
    }),
  ]);
  return { artifact, edges: upstream, sources, derivatives };
}
