import type { Db } from '@quarterdeck/db';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { notFound } from '../not-found';
import { artifactSummarySelect } from './list-artifacts';

export const MANIFEST_NAME = 'manifest.json';

export interface ArtifactsZip {
  /** A download name derived from the project's name (safe on every file system). */
  fileName: string;
  zip: Uint8Array;
}

/**
 * Every version of every artifact of a project as one ZIP: `artifacts/<logical key>/v<n>/<name>`
 * plus `manifest.json`, which lists each file with its type, version, content hash, source
 * agent, whether a simulated provider made it, and its lineage (the artifacts it was made
 * from). Content is written as stored: text as text, anything else as formatted JSON.
 */
export async function buildArtifactsZip(db: Db, projectId: string, now = new Date()): Promise<ArtifactsZip> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, name: true } });
  if (!project) throw notFound('project', 'projectId');
  const [artifacts, lineage] = await Promise.all([
    db.contextArtifact.findMany({
      where: { projectId },
      orderBy: [{ logicalKey: 'asc' }, { version: 'asc' }],
      select: { ...artifactSummarySelect, content: true },
    }),
    db.artifactLineage.findMany({ where: { artifact: { projectId } }, select: { artifactId: true, sourceArtifactId: true } }),
  ]);

  const sourcesOf = new Map<string, string[]>();
  for (const edge of lineage) sourcesOf.set(edge.artifactId, [...(sourcesOf.get(edge.artifactId) ?? []), edge.sourceArtifactId]);
  const byId = new Map(artifacts.map((artifact) => [artifact.id, artifact]));
  const pathOf = (artifact: { logicalKey: string; version: number; name: string }) =>
    `artifacts/${safeSegment(artifact.logicalKey)}/v${artifact.version}/${safeSegment(artifact.name)}`;

  const files: Zippable = {};
  const entries = artifacts.map((artifact) => {
    const path = pathOf(artifact);
    files[path] = strToU8(typeof artifact.content === 'string' ? artifact.content : JSON.stringify(artifact.content, null, 2));
    return {
      path,
      id: artifact.id,
      name: artifact.name,
      logicalKey: artifact.logicalKey,
      type: artifact.artifactType,
      handoffType: artifact.handoffType,
      version: artifact.version,
      contentHash: artifact.contentHash,
      mimeType: artifact.mimeType,
      sizeBytes: artifact.sizeBytes,
      sourceAgent: artifact.sourceAgent,
      simulated: artifact.isSimulated,
      taskId: artifact.taskId,
      createdAt: artifact.createdAt.toISOString(),
      lineage: (sourcesOf.get(artifact.id) ?? []).map((sourceId) => {
        const source = byId.get(sourceId);
        // A source in another project (not exported here) is still named by id.
        return source === undefined
          ? { id: sourceId }
          : { id: sourceId, logicalKey: source.logicalKey, version: source.version, path: pathOf(source) };
      }),
    };
  });
  const manifest = {
    project: { id: project.id, name: project.name },
    generatedAt: now.toISOString(),
    artifactCount: entries.length,
    artifacts: entries,
  };
  files[MANIFEST_NAME] = strToU8(JSON.stringify(manifest, null, 2));
  return { fileName: `${safeSegment(project.name)}-artifacts.zip`, zip: zipSync(files, { level: 6, mtime: now }) };
}

/** One path segment: no separators, no `..`, nothing a file system or unzip tool would trip on. */
function safeSegment(value: string): string {
  const cleaned = value
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120);
  return cleaned.length === 0 ? '_' : cleaned;
}
