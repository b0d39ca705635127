import { HandoffType, validateHandoffContent } from '@quarterdeck/contracts';
import type { QaVerdict } from '@quarterdeck/engine';
import { runVerification, type VerificationSettings, type WorkspaceFile } from './run-verification';

export interface ProducedArtifact {
  handoffType: string | null;
  artifactType: string;
  name: string;
  content: unknown;
}

export interface IterationToValidate {
  /** The handoff types the task must produce. */
  produces: string[];
  /** Artifacts the iteration's session stored. */
  artifacts: ProducedArtifact[];
  /** Whether the task claims to be done (a missing artifact is then a failure, not a skip). */
  taskCompleted: boolean;
  verificationCommand: string | null;
}

/**
 * The QA checks of one finished iteration: every handoff the task produces is present and
 * valid against its schema, and for code, the step's verification command passes on the
 * files. An attempt that stored nothing and did not complete its task (it asked a person,
 * say) has nothing to validate: skipped.
 */
export async function validateIteration(input: IterationToValidate, settings: VerificationSettings): Promise<QaVerdict> {
  if (input.artifacts.length === 0 && !input.taskCompleted) {
    return { result: 'skipped', findings: ['the attempt stored no artifact and did not complete its task'], recommendations: [] };
  }
  const findings: string[] = [];
  const recommendations: string[] = [];
  const codeFiles = new Map<string, string>();
  for (const produced of input.produces) {
    const artifact = input.artifacts.find((candidate) => candidate.handoffType === produced);
    if (!artifact) {
      findings.push(`no ${produced} artifact was stored`);
      continue;
    }
    const type = HandoffType.safeParse(produced);
    if (!type.success) {
      findings.push(`"${produced}" is not a known handoff type`);
      continue;
    }
    const validation = validateHandoffContent(type.data, artifact.content);
    if (!validation.ok) {
      findings.push(...validation.errors.slice(0, 20).map((issue) => `${produced} ${issue.path || '(root)'}: ${issue.message}`));
      continue;
    }
    if (type.data === 'code_change') {
      // Parsed again with the literal type so TypeScript knows the content's shape.
      const change = validateHandoffContent('code_change', artifact.content);
      if (change.ok) for (const file of change.value.files) codeFiles.set(file.path, file.content);
    }
  }
  // Files a CLI agent left in its workspace are stored one artifact each (name = path).
  for (const artifact of input.artifacts) {
    if (artifact.artifactType === 'code' && artifact.handoffType === null && typeof artifact.content === 'string')
      codeFiles.set(artifact.name, artifact.content);
  }

  if (findings.length === 0 && input.verificationCommand !== null && codeFiles.size > 0) {
    const files: WorkspaceFile[] = [...codeFiles].map(([path, content]) => ({ path, content }));
    const verification = await runVerification(input.verificationCommand, files, settings);
    if (!verification.passed) {
      findings.push(
        verification.timedOut
          ? `the verification command \`${input.verificationCommand}\` did not finish within ${Math.round(settings.timeoutMs / 1_000)} s`
          : `the verification command \`${input.verificationCommand}\` exited with ${verification.exitCode ?? 'a signal'}`,
        ...verification.outputTail.map((line) => `  ${line}`),
      );
      recommendations.push(`make \`${input.verificationCommand}\` pass on the changed files`);
    }
  }
  if (findings.length > 0) recommendations.push('run the step again with these findings as feedback');
  return { result: findings.length === 0 ? 'passed' : 'failed', findings, recommendations };
}
