import type { ArtifactWithContent, HitlListItem, ProjectOutput, RunOutput, TaskListItem } from '../api/outputs';
import type {
  ApprovalItem,
  ArtifactLineage,
  CompletionMetrics,
  ContextArtifact,
  ProjectDetail,
  QuarterdeckEvent,
  TaskNode,
} from '../types';
import { readBoolean, readNumber, readObject, readString, readStrings, toJsonValue } from './wire-read';

// API responses → the ProjectDetail the project page renders. Each piece comes from its
// own procedure (projects.get, runs.get, tasks.list, artifacts.*, hitl.listForProject,
// events.query); this joins them and derives the metrics the page shows.

export interface ProjectSources {
  project: ProjectOutput;
  run: RunOutput | null;
  tasks: readonly TaskListItem[];
  artifacts: readonly ArtifactWithContent[];
  lineage: readonly ArtifactLineage[];
  approvals: readonly HitlListItem[];
  events: readonly QuarterdeckEvent[];
  /** The project's all-time LLM spend (usage.tokenSpend totals); null until it has loaded. */
  usage: { totalTokens: number; costUsd: number } | null;
}

export function buildProjectDetail(sources: ProjectSources): ProjectDetail {
  const { project, run } = sources;
  const waveNumberById = new Map((run?.waves ?? []).map((wave) => [wave.id, wave.number]));
  const runTasks = run === null ? sources.tasks : sources.tasks.filter((task) => task.runId === run.id);
  const tasks = runTasks.map((task) => toTaskNode(task, waveNumberById));
  const taskTitles = new Map(tasks.map((task) => [task.id, task.title]));
  const artifacts = sources.artifacts.map(toContextArtifact);
  const artifactsById = new Map(artifacts.map((artifact) => [artifact.id, artifact]));
  const approvals: ApprovalItem[] = sources.approvals.map((request) => ({
    ...request,
    taskTitle: request.taskId === null ? null : (taskTitles.get(request.taskId) ?? null),
    artifact: request.artifactId === null ? null : (artifactsById.get(request.artifactId) ?? null),
  }));
  return {
    project,
    run: run === null ? null : withoutWaves(run),
    waves: run?.waves ?? [],
    tasks,
    metrics: completionMetrics(tasks, artifacts, approvals, sources.usage),
    artifacts,
    lineage: [...sources.lineage],
    approvals,
    events: [...sources.events],
  };
}

function withoutWaves({ waves: _waves, ...run }: RunOutput) {
  return run;
}

export function toTaskNode(task: TaskListItem, waveNumberById: ReadonlyMap<string, number>): TaskNode {
  const waveId = readString(task, 'waveId');
  const wave = readObject(task, 'wave');
  return {
    id: task.id,
    title: task.title,
    role: task.role,
    status: task.status,
    priority: task.priority,
    attempts: task.attempts,
    maxAttempts: readNumber(task, 'maxAttempts'),
    verificationStatus: task.verificationStatus,
    waveNumber: (waveId === null ? undefined : waveNumberById.get(waveId)) ?? (wave === null ? null : readNumber(wave, 'number')) ?? 0,
    dependsOn: task.dependsOnTaskIds,
    instructions: readString(task, 'instructions'),
    onCriticalPath: readBoolean(task, 'onCriticalPath'),
    consumes: readStrings(task, 'consumes'),
    produces: readStrings(task, 'produces'),
    lastError: readString(task, 'lastError'),
    feedback: readString(task, 'feedback'),
  };
}

export function toContextArtifact(artifact: ArtifactWithContent): ContextArtifact {
  return { ...artifact, content: toJsonValue(artifact.content) };
}

export function completionMetrics(
  tasks: readonly TaskNode[],
  artifacts: readonly ContextArtifact[],
  approvals: readonly ApprovalItem[],
  usage: ProjectSources['usage'],
): CompletionMetrics {
  const totalTasks = tasks.length;
  const completedTasks = tasks.filter((task) => task.status === 'completed').length;
  const failedTasks = tasks.filter((task) => task.status === 'failed').length;
  return {
    percentage: totalTasks === 0 ? 0 : Math.round((completedTasks / totalTasks) * 100),
    totalTasks,
    completedTasks,
    failedTasks,
    artifactsAvailable: new Set(artifacts.map((artifact) => artifact.logicalKey)).size,
    pendingApprovals: approvals.filter((approval) => approval.status === 'pending').length,
    totalTokens: usage?.totalTokens ?? null,
    costUsd: usage?.costUsd ?? null,
  };
}
