import type { Db } from '@quarterdeck/db';
import { notFound } from '../not-found';
import { projectSelect } from './list-projects';

/** Bounded, so one huge project cannot make this call unbounded; the full lists are paginated elsewhere. */
const MAX_TASKS = 500;
const MAX_ARTIFACTS = 200;

/** A project with its runs, tasks and artifact summaries (never artifact content: that is artifacts.get). */
export async function getProject(db: Db, projectId: string) {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: {
      ...projectSelect,
      runs: {
        orderBy: { createdAt: 'desc' },
        select: {
          id: true,
          workflowId: true,
          teamId: true,
          status: true,
          statusReason: true,
          currentWave: true,
          createdAt: true,
          startedAt: true,
          completedAt: true,
        },
      },
      tasks: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: MAX_TASKS,
        select: {
          id: true,
          projectId: true,
          runId: true,
          waveId: true,
          stepId: true,
          title: true,
          role: true,
          status: true,
          priority: true,
          lane: true,
          assignedAgentId: true,
          attempts: true,
          verificationStatus: true,
          createdAt: true,
          completedAt: true,
        },
      },
      artifacts: {
        orderBy: [{ createdAt: 'desc' }],
        take: MAX_ARTIFACTS,
        select: {
          id: true,
          logicalKey: true,
          version: true,
          name: true,
          artifactType: true,
          handoffType: true,
          sourceAgent: true,
          sizeBytes: true,
          isSimulated: true,
          createdAt: true,
        },
      },
    },
  });
  if (!project) throw notFound('project', 'projectId');
  return project;
}
