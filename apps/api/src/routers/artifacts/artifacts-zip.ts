import { createHash } from 'node:crypto';
import { decisionVariant } from '@quarterdeck/contracts';
import { planBundle, type BundlePlan } from '@quarterdeck/contracts/artifacts';
import type { Db } from '@quarterdeck/db';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import { notFound } from '../not-found';
import { artifactSummarySelect } from './list-artifacts';

export const MANIFEST_NAME = 'manifest.json';

export interface ArtifactsZip {
  /** A download name derived from the project's name (safe on every file system). */
  fileName: string;
  zip: Uint8Array;
  plan: BundlePlan;
}

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A decision's `variants` column, written only through recordDecisionInput's variants. */
const variants = z.array(decisionVariant.loose());

/**
 * A project's artifacts as a tree to unpack and read (packages/contracts/src/artifacts/bundle-tree.ts):
 * README.md, docs/, src/, tests/, data/ and manifest.json, the latest version of each logical
 * artifact in the tree and the older ones listed in the manifest.
 */
export async function buildArtifactsZip(db: Db, projectId: string, now = new Date()): Promise<ArtifactsZip> {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { id: true, name: true, productIdea: true, status: true },
  });
  if (!project) throw notFound('project', 'projectId');
  const [artifacts, lineage, decisions] = await Promise.all([
    db.contextArtifact.findMany({
      where: { projectId },
      orderBy: [{ logicalKey: 'asc' }, { version: 'asc' }],
      select: { ...artifactSummarySelect, content: true },
    }),
    db.artifactLineage.findMany({ where: { artifact: { projectId } }, select: { artifactId: true, sourceArtifactId: true } }),
    db.decision.findMany({
      where: { projectId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        problem: true,
        description: true,
        variants: true,
        chosenVariantId: true,
        justification: true,
        createdAt: true,
        votes: { orderBy: { createdAt: 'asc' }, select: { voterName: true, variantId: true, reason: true } },
      },
    }),
  ]);
  const sourcesOf = new Map<string, string[]>();
  for (const edge of lineage) sourcesOf.set(edge.artifactId, [...(sourcesOf.get(edge.artifactId) ?? []), edge.sourceArtifactId]);

  const plan = planBundle(
    {
      project: { id: project.id, name: project.name, productIdea: project.productIdea, status: project.status },
      generatedAt: now.toISOString(),
      artifacts: artifacts.map((artifact) => ({
        ...artifact,
        createdAt: artifact.createdAt.toISOString(),
        sourceArtifactIds: sourcesOf.get(artifact.id) ?? [],
      })),
      decisions: decisions.map((decision) => ({
        id: decision.id,
        problem: decision.problem,
        description: decision.description,
        variants: variants.parse(decision.variants),
        votes: decision.votes.map((vote) => ({ voter: vote.voterName, variantId: vote.variantId, reason: vote.reason })),
        chosenVariantId: decision.chosenVariantId,
        justification: decision.justification,
        createdAt: decision.createdAt.toISOString(),
      })),
    },
    sha256,
  );
  const files: Zippable = {};
  for (const file of plan.files) files[file.path] = strToU8(file.content);
  return { fileName: `${safeSegment(project.name)}-artifacts.zip`, zip: zipSync(files, { level: 6, mtime: now }), plan };
}

/** One path segment: no separators, no `..`, nothing a file system or unzip tool would trip on. */
function safeSegment(value: string): string {
  const cleaned = value
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120);
  return cleaned.length === 0 ? '_' : cleaned;
}
