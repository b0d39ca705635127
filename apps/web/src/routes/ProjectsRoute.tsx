import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { useLiveEvents } from '../api/use-live-events';
import { useTRPC } from '../api/trpc';
import { statusValues } from '../lib/format';
import { fromQuery } from '../lib/loadable';
import { useSearchParam } from '../lib/use-search-param';
import { ProjectsPage, type ProjectStatusFilter } from '../pages/ProjectsPage';
import { useSession } from './auth';

const LIVE_CHANNELS = { channels: ['projects' as const] };

export function ProjectsRoute() {
  const trpc = useTRPC();
  const [, navigate] = useLocation();
  const { permissions } = useSession();
  const [status, setStatus] = useSearchParam('status');
  const filter: ProjectStatusFilter = statusValues('project').find((value) => value === status) ?? 'all';
  const projects = useQuery({
    ...trpc.projects.list.queryOptions({ limit: 200, ...(filter === 'all' ? {} : { status: filter }) }),
    select: (page) => page.items,
  });
  const templates = useQuery({
    ...trpc.templates.listWorkflows.queryOptions(),
    select: (workflows) => workflows.map((workflow) => ({ id: workflow.id, name: workflow.name, description: workflow.description })),
  });
  const create = useMutation(trpc.projects.create.mutationOptions());
  useLiveEvents(LIVE_CHANNELS);

  return (
    <ProjectsPage
      projects={fromQuery(projects)}
      statusFilter={filter}
      onStatusFilterChange={(next) => setStatus(next === 'all' ? null : next)}
      templates={fromQuery(templates)}
      onCreate={async (input) => {
        const created = await create.mutateAsync({
          productIdea: input.productIdea,
          workflowTemplateId: input.workflowTemplateId,
          ...(input.name.trim() === '' ? {} : { name: input.name }),
        });
        navigate(`/projects/${created.project.id}`);
      }}
      canCreate={permissions.canOperate}
    />
  );
}
