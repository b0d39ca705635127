import type { ArtifactLineage, ArtifactType, ContextArtifact } from '../types';

/** All versions of one logical artifact (same project and logical key), newest first. */
export interface ArtifactGroup {
  logicalKey: string;
  name: string;
  artifactType: ArtifactType;
  latest: ContextArtifact;
  versions: ContextArtifact[];
}

export function groupArtifactVersions(artifacts: readonly ContextArtifact[]): ArtifactGroup[] {
  const byKey = new Map<string, ContextArtifact[]>();
  for (const artifact of artifacts) {
    const versions = byKey.get(artifact.logicalKey) ?? [];
    versions.push(artifact);
    byKey.set(artifact.logicalKey, versions);
  }
  const groups: ArtifactGroup[] = [];
  for (const [logicalKey, versions] of byKey) {
    versions.sort((a, b) => b.version - a.version);
    const latest = versions[0];
    if (latest === undefined) continue;
    groups.push({ logicalKey, name: latest.name, artifactType: latest.artifactType, latest, versions });
  }
  return groups.sort((a, b) => a.name.localeCompare(b.name) || a.logicalKey.localeCompare(b.logicalKey));
}

export interface ArtifactLineageView {
  /** What this artifact was made from. */
  sources: ContextArtifact[];
  /** What was made from this artifact. */
  derivatives: ContextArtifact[];
}

/** Resolves lineage edges to artifacts; edges to artifacts not loaded are left out. */
export function lineageOf(
  artifactId: string,
  lineage: readonly ArtifactLineage[],
  artifacts: readonly ContextArtifact[],
): ArtifactLineageView {
  const byId = new Map(artifacts.map((artifact) => [artifact.id, artifact]));
  const resolve = (ids: string[]) =>
    ids.map((id) => byId.get(id)).filter((artifact): artifact is ContextArtifact => artifact !== undefined);
  return {
    sources: resolve(lineage.filter((edge) => edge.artifactId === artifactId).map((edge) => edge.sourceArtifactId)),
    derivatives: resolve(lineage.filter((edge) => edge.sourceArtifactId === artifactId).map((edge) => edge.artifactId)),
  };
}
