import { createHash } from 'node:crypto';
import type { ArtifactType, Prisma } from '@quarterdeck/db';
import type { Work } from '../unit-of-work/transaction';

/** Key order must not change a hash: two equal documents hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** One logical output per step of a run (versions are its reworks and amendments). */
export function logicalKeyOf(task: { id: string; runId: string | null; stepId: string | null }, handoffType: string): string {
  return task.runId !== null && task.stepId !== null ? `run/${task.runId}/${task.stepId}/${handoffType}` : `task/${task.id}/${handoffType}`;
}

export interface NewArtifact {
  projectId: string;
  runId: string | null;
  taskId: string | null;
  /** Null for a person's amendment (no agent session made it). */
  sessionId: string | null;
  logicalKey: string;
  name: string;
  artifactType: ArtifactType;
  handoffType: string | null;
  sourceAgent: string;
  content: Prisma.InputJsonValue;
  mimeType?: string;
  isSimulated: boolean;
  createdById?: string | null;
  sourceArtifactIds: string[];
}

/**
 * Stores the next version of a logical artifact with its lineage. Idempotent per session:
 * (sessionId, logicalKey) is unique, so a redelivered execution finds the version it
 * already stored instead of writing a second one.
 */
export async function storeArtifact({ tx, emit }: Work, artifact: NewArtifact): Promise<{ id: string; version: number }> {
  if (artifact.sessionId !== null) {
    const existing = await tx.contextArtifact.findUnique({
      where: { sessionId_logicalKey: { sessionId: artifact.sessionId, logicalKey: artifact.logicalKey } },
      select: { id: true, version: true },
    });
    if (existing) return existing;
  }
  const latest = await tx.contextArtifact.aggregate({
    where: { projectId: artifact.projectId, logicalKey: artifact.logicalKey },
    _max: { version: true },
  });
  const version = (latest._max.version ?? 0) + 1;
  const serialised = JSON.stringify(artifact.content);
  const created = await tx.contextArtifact.create({
    data: {
      projectId: artifact.projectId,
      runId: artifact.runId,
      taskId: artifact.taskId,
      sessionId: artifact.sessionId,
      logicalKey: artifact.logicalKey,
      version,
      name: artifact.name,
      artifactType: artifact.artifactType,
      handoffType: artifact.handoffType,
      sourceAgent: artifact.sourceAgent,
      content: artifact.content,
      contentHash: contentHash(artifact.content),
      mimeType: artifact.mimeType ?? 'application/json',
      sizeBytes: Buffer.byteLength(serialised),
      isSimulated: artifact.isSimulated,
      createdById: artifact.createdById ?? null,
    },
    select: { id: true, version: true, sizeBytes: true },
  });
  const sources = [...new Set(artifact.sourceArtifactIds)];
  if (sources.length > 0) {
    await tx.artifactLineage.createMany({ data: sources.map((sourceArtifactId) => ({ artifactId: created.id, sourceArtifactId })) });
  }
  emit({
    type: 'artifact.created',
    projectId: artifact.projectId,
    ...(artifact.runId ? { runId: artifact.runId } : {}),
    ...(artifact.taskId ? { taskId: artifact.taskId } : {}),
    ...(artifact.sessionId ? { sessionId: artifact.sessionId } : {}),
    payload: {
      artifactId: created.id,
      logicalKey: artifact.logicalKey,
      version,
      name: artifact.name,
      artifactType: artifact.artifactType,
      handoffType: artifact.handoffType,
      sourceAgent: artifact.sourceAgent,
      sizeBytes: created.sizeBytes,
      isSimulated: artifact.isSimulated,
      sourceArtifactIds: sources,
    },
  });
  return { id: created.id, version };
}
