import type { ListArtifactsInput } from '@quarterdeck/contracts';
import type { Db, Prisma } from '@quarterdeck/db';

/** Listing never carries content (an artifact may be megabytes): artifacts.get does. */
export const artifactSummarySelect = {
  id: true,
  projectId: true,
  runId: true,
  taskId: true,
  sessionId: true,
  logicalKey: true,
  version: true,
  name: true,
  artifactType: true,
  handoffType: true,
  sourceAgent: true,
  contentHash: true,
  mimeType: true,
  sizeBytes: true,
  isSimulated: true,
  createdById: true,
  createdAt: true,
} satisfies Prisma.ContextArtifactSelect;

export async function listArtifacts(db: Db, input: ListArtifactsInput) {
  const where: Prisma.ContextArtifactWhereInput = {
    projectId: input.projectId,
    ...(input.runId === undefined ? {} : { runId: input.runId }),
    ...(input.taskId === undefined ? {} : { taskId: input.taskId }),
    ...(input.artifactType === undefined ? {} : { artifactType: input.artifactType }),
    ...(input.handoffType === undefined ? {} : { handoffType: input.handoffType }),
  };
  if (input.latestOnly) return listLatestVersions(db, input);
  const [items, total] = await Promise.all([
    db.contextArtifact.findMany({
      where,
      orderBy: [{ logicalKey: 'asc' }, { version: 'desc' }],
      take: input.limit,
      skip: input.offset,
      select: artifactSummarySelect,
    }),
    db.contextArtifact.count({ where }),
  ]);
  return { items, total, limit: input.limit, offset: input.offset };
}

/** The newest version of each logical artifact, paginated in SQL (DISTINCT ON), never by loading every id. */
async function listLatestVersions(db: Db, input: ListArtifactsInput) {
  const conditions = ['project_id = $1::uuid'];
  const values: unknown[] = [input.projectId];
  const add = (column: string, value: string | undefined, cast = '') => {
    if (value === undefined) return;
    values.push(value);
    conditions.push(`${column} = $${values.length}${cast}`);
  };
  add('run_id', input.runId, '::uuid');
  add('task_id', input.taskId, '::uuid');
  add('artifact_type', input.artifactType, '::"ArtifactType"');
  add('handoff_type', input.handoffType);
  const filter = conditions.join(' AND ');
  const [page, counted] = await Promise.all([
    db.$queryRawUnsafe<Array<{ id: string }>>(
      `SELECT id::text AS id FROM (SELECT DISTINCT ON (logical_key) id, logical_key FROM context_artifacts WHERE ${filter} ORDER BY logical_key, version DESC) latest
       ORDER BY logical_key LIMIT ${input.limit} OFFSET ${input.offset}`,
      ...values,
    ),
    db.$queryRawUnsafe<Array<{ total: number }>>(
      `SELECT count(DISTINCT logical_key)::int AS total FROM context_artifacts WHERE ${filter}`,
      ...values,
    ),
  ]);
  const items = await db.contextArtifact.findMany({
    where: { id: { in: page.map((row) => row.id) } },
    orderBy: { logicalKey: 'asc' },
    select: artifactSummarySelect,
  });
  return { items, total: counted[0]?.total ?? 0, limit: input.limit, offset: input.offset };
}
