import type { Db } from '@quarterdeck/db';
import { notFound } from '../not-found';

/**
 * Who reviewed each version of a logical artifact and what they did: every HITL request on
 * any of its versions with the responder's name, and for an amendment the version the
 * person's edit became (stored by the engine as a `human` version made from the reviewed one).
 */
export async function artifactReviews(db: Db, artifactId: string) {
  const artifact = await db.contextArtifact.findUnique({ where: { id: artifactId }, select: { projectId: true, logicalKey: true } });
  if (!artifact) throw notFound('artifact', 'artifactId');
  const versions = await db.contextArtifact.findMany({
    where: { projectId: artifact.projectId, logicalKey: artifact.logicalKey },
    orderBy: { version: 'asc' },
    select: { id: true, version: true, sourceAgent: true, createdById: true, sources: { select: { sourceArtifactId: true } } },
  });
  const requests = await db.hitlRequest.findMany({
    where: { artifactId: { in: versions.map((version) => version.id) } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      kind: true,
      status: true,
      question: true,
      responseContent: true,
      respondedAt: true,
      createdAt: true,
      artifactId: true,
      respondedBy: { select: { id: true, name: true } },
    },
  });
  const versionOf = (id: string | null) => {
    const found = versions.find((version) => version.id === id);
    return found === undefined ? null : { id: found.id, version: found.version };
  };
  return {
    logicalKey: artifact.logicalKey,
    reviews: requests.map(({ artifactId: reviewedId, ...request }) => {
      const amended =
        request.status === 'amended'
          ? versions.find(
              (version) =>
                version.sourceAgent === 'human' &&
                version.sources.some((source) => source.sourceArtifactId === reviewedId) &&
                (request.respondedBy === null || version.createdById === request.respondedBy.id),
            )
          : undefined;
      return {
        ...request,
        reviewedVersion: versionOf(reviewedId),
        amendedVersion: amended === undefined ? null : { id: amended.id, version: amended.version },
      };
    }),
  };
}
