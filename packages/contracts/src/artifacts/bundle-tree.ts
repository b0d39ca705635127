import { bulletList, document, fileLink, heading, inlineText, paragraphs } from './markdown';
import { renderDecisionLog, type DecisionRecord } from './render-decisions';
import { renderArtifact, slug, type RenderableArtifact } from './render-artifact';

// A project's artifacts as a tree a developer unpacks and reads: README.md indexing it,
// docs/ (Markdown), src/ and tests/ (code at its declared paths), data/ (the structured
// content beside each document) and manifest.json (hashes, versions, lineage, and the older
// versions that are not in the tree). Only the latest version of each logical artifact is in
// the tree. Pure: the caller zips the files and supplies the hash function.

export interface BundleArtifact extends RenderableArtifact {
  id: string;
  logicalKey: string;
  contentHash: string;
  /** Ids of the artifacts it was made from. */
  sourceArtifactIds: readonly string[];
}

export interface BundleInput {
  project: { id: string; name: string; productIdea: string; status: string };
  generatedAt: string;
  /** Every version of every artifact of the project. */
  artifacts: readonly BundleArtifact[];
  /** The project's recorded decisions, oldest first. */
  decisions: ReadonlyArray<DecisionRecord & { id: string }>;
}

export type BundleFileType = 'documentation' | 'source' | 'test' | 'data' | 'manifest';

export interface BundleFile {
  path: string;
  type: BundleFileType;
  content: string;
  /** The artifact version the file was made from (null for README, decisions and the manifest). */
  artifactId: string | null;
}

export interface BundlePlan {
  /** Every file of the tree, manifest.json last. */
  files: BundleFile[];
  /** Logical artifacts in the tree (their latest versions). */
  artifactCount: number;
}

export const BUNDLE_FORMAT = 'quarterdeck-bundle/1';

const encoder = new TextEncoder();
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

export function planBundle(input: BundleInput, sha256: (content: string) => string): BundlePlan {
  const versions = new Map<string, BundleArtifact[]>();
  for (const artifact of input.artifacts) versions.set(artifact.logicalKey, [...(versions.get(artifact.logicalKey) ?? []), artifact]);
  const groups = [...versions.values()]
    .map((all) => [...all].sort((a, b) => b.version - a.version))
    .flatMap((all) => {
      const [latest, ...older] = all;
      return latest === undefined ? [] : [{ latest, older }];
    })
    .sort((a, b) => a.latest.createdAt.localeCompare(b.latest.createdAt) || a.latest.logicalKey.localeCompare(b.latest.logicalKey));
  const byId = new Map(input.artifacts.map((artifact) => [artifact.id, artifact]));

  const tree = new Map<string, BundleFile>();
  const replaced: Array<{ path: string; replacedArtifactId: string | null; byArtifactId: string | null }> = [];
  const filesOf = new Map<string, string[]>();
  const put = (file: BundleFile) => {
    const previous = tree.get(file.path);
    if (previous !== undefined) replaced.push({ path: file.path, replacedArtifactId: previous.artifactId, byArtifactId: file.artifactId });
    tree.set(file.path, file);
    if (file.artifactId !== null) filesOf.set(file.artifactId, [...(filesOf.get(file.artifactId) ?? []), file.path]);
  };
  const freeName = (folder: string, base: string, extension: string, alternative: string) => {
    const candidates = [base, `${base}-${alternative}`];
    for (let n = 2; ; n++) {
      const candidate = candidates.shift() ?? `${base}-${alternative}-${n}`;
      if (!tree.has(`${folder}/${candidate}.${extension}`) && !tree.has(`data/${candidate}.json`)) return candidate;
    }
  };

  for (const { latest } of groups) {
    const rendered = renderArtifact(latest, '../');
    if (rendered.markdown !== null && rendered.documentName !== null) {
      const name = freeName('docs', rendered.documentName, 'md', slug(latest.name));
      put({ path: `docs/${name}.md`, type: 'documentation', content: rendered.markdown, artifactId: latest.id });
      if (rendered.data !== null && rendered.data !== undefined) {
        put({ path: `data/${name}.json`, type: 'data', content: `${JSON.stringify(rendered.data, null, 2)}\n`, artifactId: latest.id });
      }
    }
    for (const file of rendered.files) put({ path: file.bundlePath, type: file.kind, content: file.content, artifactId: latest.id });
  }
  if (input.decisions.length > 0) {
    put({
      path: 'docs/decisions.md',
      type: 'documentation',
      content: renderDecisionLog(input.project.name, input.decisions),
      artifactId: null,
    });
    put({ path: 'data/decisions.json', type: 'data', content: `${JSON.stringify(input.decisions, null, 2)}\n`, artifactId: null });
  }

  const files = [...tree.values()].sort((a, b) => a.path.localeCompare(b.path));
  const readme: BundleFile = { path: 'README.md', type: 'documentation', content: readmeOf(input, files), artifactId: null };
  const listed = [readme, ...files];
  const manifest = {
    format: BUNDLE_FORMAT,
    project: input.project,
    generatedAt: input.generatedAt,
    files: listed.map((file) => ({
      path: file.path,
      type: file.type,
      size: byteLength(file.content),
      sha256: sha256(file.content),
      artifactId: file.artifactId,
    })),
    artifacts: groups.map(({ latest, older }) => ({
      id: latest.id,
      logicalKey: latest.logicalKey,
      name: latest.name,
      type: latest.artifactType,
      handoffType: latest.handoffType,
      version: latest.version,
      contentHash: latest.contentHash,
      sourceAgent: latest.sourceAgent,
      simulated: latest.isSimulated,
      createdAt: latest.createdAt,
      files: filesOf.get(latest.id) ?? [],
      lineage: latest.sourceArtifactIds.map((sourceId) => {
        const source = byId.get(sourceId);
        return source === undefined ? { id: sourceId } : { id: sourceId, logicalKey: source.logicalKey, version: source.version };
      }),
      olderVersions: older.map((version) => ({
        id: version.id,
        version: version.version,
        contentHash: version.contentHash,
        sourceAgent: version.sourceAgent,
        simulated: version.isSimulated,
        createdAt: version.createdAt,
      })),
    })),
    decisions: input.decisions.map((decision) => ({ id: decision.id, problem: decision.problem })),
    replaced,
  };
  return {
    files: [...listed, { path: 'manifest.json', type: 'manifest', content: `${JSON.stringify(manifest, null, 2)}\n`, artifactId: null }],
    artifactCount: groups.length,
  };
}

function readmeOf(input: BundleInput, files: readonly BundleFile[]): string {
  const of = (type: BundleFileType) => files.filter((file) => file.type === type);
  const code = [...of('source'), ...of('test')].sort((a, b) => a.path.localeCompare(b.path));
  const simulated = input.artifacts.some((artifact) => artifact.isSimulated);
  const links = (list: readonly BundleFile[]) => list.map((file) => `- ${fileLink(file.path, file.path)}`).join('\n');
  return document(
    `# ${inlineText(input.project.name)}`,
    paragraphs(input.project.productIdea),
    `Project status: ${inlineText(input.project.status)} · bundle generated ${inlineText(input.generatedAt)} by Quarterdeck`,
    simulated && '> Some of these artifacts were made by the simulated provider (offline, deterministic), not by a model.',
    heading(2, 'Documents'),
    of('documentation').length === 0 ? 'No documents.' : links(of('documentation')),
    heading(2, 'Code'),
    code.length === 0
      ? 'No code.'
      : `${of('source').length} source file(s) in \`src/\`, ${of('test').length} test file(s).\n\n${links(code)}`,
    of('data').length > 0 && heading(2, 'Data'),
    of('data').length > 0 && paragraphs('The structured content of each document, as JSON:'),
    of('data').length > 0 && links(of('data')),
    heading(2, 'Manifest'),
    bulletList([
      'manifest.json lists every file with its size and SHA-256, every artifact with its version, content hash, source agent, lineage, and the older versions not included here.',
    ]),
  );
}
