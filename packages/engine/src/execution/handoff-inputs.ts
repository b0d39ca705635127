import { HandoffType, validateHandoff, type Handoff, type ValidationIssue } from '@quarterdeck/contracts';
import type { Tx } from '../unit-of-work/transaction';

export interface DeliveredInput {
  handoff: Handoff;
  /** The artifact it came from (null for the idea brief, which the orchestrator makes). */
  artifactId: string | null;
}

export type InputsResult = { ok: true; inputs: DeliveredInput[] } | { ok: false; errors: ValidationIssue[] };

interface Candidate {
  id: string;
  handoffType: string;
  content: unknown;
  role: string;
  createdAt: Date;
}

/**
 * The handoffs a task's step declares it consumes, and nothing else: the newest version of
 * each matching artifact made by a task upstream of this one (so an amendment replaces the
 * agent's version), each wrapped in the handoff envelope and validated again.
 */
export async function loadHandoffInputs(
  tx: Tx,
  task: { id: string; projectId: string; role: string; consumes: string[] },
  project: { name: string; productIdea: string },
): Promise<InputsResult> {
  const consumed = task.consumes.filter((type): type is HandoffType => HandoffType.safeParse(type).success);
  const fromArtifacts = consumed.filter((type) => type !== 'idea_brief');
  const candidates =
    fromArtifacts.length === 0
      ? []
      : await tx.$queryRaw<Candidate[]>`
          WITH RECURSIVE upstream(id) AS (
            SELECT depends_on_task_id FROM task_dependencies WHERE task_id = ${task.id}::uuid
            UNION
            SELECT d.depends_on_task_id FROM task_dependencies d JOIN upstream u ON d.task_id = u.id)
          SELECT DISTINCT ON (a.logical_key) a.id, a.handoff_type AS "handoffType", a.content, t.role, t.created_at AS "createdAt"
          FROM context_artifacts a JOIN tasks t ON t.id = a.task_id
          WHERE a.task_id IN (SELECT id FROM upstream) AND a.handoff_type = ANY(${fromArtifacts}::text[])
          ORDER BY a.logical_key, a.version DESC`;
  // Declared order first, then the order the upstream steps were created in: prompts stay stable.
  candidates.sort(
    (a, b) =>
      consumed.indexOf(a.handoffType as HandoffType) - consumed.indexOf(b.handoffType as HandoffType) ||
      a.createdAt.getTime() - b.createdAt.getTime(),
  );

  const envelopes: Array<{ envelope: unknown; artifactId: string | null }> = candidates.map((candidate) => ({
    artifactId: candidate.id,
    envelope: {
      projectId: task.projectId,
      sourceAgent: candidate.role,
      targetAgent: task.role,
      handoffType: candidate.handoffType,
      content: candidate.content,
    },
  }));
  if (consumed.includes('idea_brief')) {
    envelopes.unshift({
      artifactId: null,
      envelope: {
        projectId: task.projectId,
        sourceAgent: 'orchestrator',
        targetAgent: task.role,
        handoffType: 'idea_brief',
        content: { product_idea: project.productIdea, project_name: project.name },
      },
    });
  }

  const inputs: DeliveredInput[] = [];
  for (const { envelope, artifactId } of envelopes) {
    const checked = validateHandoff(envelope);
    if (!checked.ok) return { ok: false, errors: checked.errors };
    inputs.push({ handoff: checked.value, artifactId });
  }
  return { ok: true, inputs };
}
