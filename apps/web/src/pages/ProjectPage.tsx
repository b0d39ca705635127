import { EventTimeline } from '../components/EventTimeline';
import { LoadableView } from '../components/LoadableView';
import { PageHeader, Section } from '../components/PageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { Tabs, type TabItem } from '../components/Tabs';
import type { ApprovalSubmission } from '../lib/approval-form';
import type { LiveActivity, Loadable, ProjectDetail, RunAction } from '../types';
import { ActivityTab } from './project/ActivityTab';
import { ApprovalsTab } from './project/ApprovalsTab';
import { ArtifactsTab } from './project/ArtifactsTab';
import { GraphTab } from './project/GraphTab';
import { MetricsPanel } from './project/MetricsPanel';
import { RunControls } from './project/RunControls';

export const PROJECT_TABS = ['graph', 'activity', 'artifacts', 'approvals', 'timeline'] as const;
export type ProjectTab = (typeof PROJECT_TABS)[number];

export function parseProjectTab(value: string | null): ProjectTab {
  return PROJECT_TABS.find((tab) => tab === value) ?? 'graph';
}

interface ProjectPageProps {
  detail: Loadable<ProjectDetail>;
  /** Live token streams and log lines from the subscriptions, for the Activity tab. */
  activity: LiveActivity;
  /** Controlled, so the tab can live in the URL (`?tab=approvals` from the overview). */
  tab: ProjectTab;
  onTabChange: (tab: ProjectTab) => void;
  onRunAction: (runId: string, action: RunAction) => Promise<void> | void;
  onRespond: (requestId: string, submission: ApprovalSubmission) => Promise<void> | void;
  /** Downloads the artifacts ZIP; null while there is nothing to download. */
  onDownloadArtifacts: (() => Promise<void>) | null;
  /** Operators and admins may steer the run and answer requests; viewers only watch. */
  canOperate: boolean;
}

export function ProjectPage(props: ProjectPageProps) {
  return (
    <LoadableView state={props.detail} loadingLabel="Loading the project…" errorTitle="The project could not be loaded">
      {(detail) => <ProjectContent {...props} detail={detail} />}
    </LoadableView>
  );
}

type ProjectContentProps = Omit<ProjectPageProps, 'detail'> & { detail: ProjectDetail };

function ProjectContent({
  detail,
  activity,
  tab,
  onTabChange,
  onRunAction,
  onRespond,
  onDownloadArtifacts,
  canOperate,
}: ProjectContentProps) {
  const { project, run } = detail;
  const pendingCount = detail.approvals.filter((approval) => approval.status === 'pending').length;
  const tabs: TabItem<ProjectTab>[] = [
    { id: 'graph', label: 'Graph' },
    { id: 'activity', label: 'Live activity' },
    { id: 'artifacts', label: 'Artifacts', count: detail.metrics.artifactsAvailable },
    { id: 'approvals', label: 'Approvals', count: pendingCount },
    { id: 'timeline', label: 'Timeline' },
  ];

  return (
    <>
      <PageHeader
        title={
          <>
            {project.name} <StatusBadge kind="project" value={project.status} />
          </>
        }
        description={<p className="prose">{project.productIdea}</p>}
        actions={canOperate && run !== null ? <RunControls run={run} onRunAction={onRunAction} /> : undefined}
      />
      {run !== null && (run.status === 'paused' || run.status === 'failed') && run.statusReason !== null && (
        <p className={`notice notice--${run.status === 'failed' ? 'danger' : 'warning'}`} role="status">
          <strong>Run {run.status}:</strong> {run.statusReason}
        </p>
      )}
      <Section title="Completion" aside={run === null ? undefined : <StatusBadge kind="run" value={run.status} />}>
        <MetricsPanel metrics={detail.metrics} project={project} />
      </Section>
      <Tabs label="Project views" tabs={tabs} selected={tab} onSelect={onTabChange}>
        {tab === 'graph' && <GraphTab waves={detail.waves.length} tasks={detail.tasks} />}
        {tab === 'activity' && <ActivityTab activity={activity} />}
        {tab === 'artifacts' && (
          <ArtifactsTab
            projectId={project.id}
            artifacts={detail.artifacts}
            lineage={detail.lineage}
            onDownloadZip={onDownloadArtifacts}
            canOperate={canOperate}
          />
        )}
        {tab === 'approvals' && <ApprovalsTab approvals={detail.approvals} onRespond={onRespond} canRespond={canOperate} />}
        {tab === 'timeline' && <EventTimeline events={detail.events} emptyText="No events for this project yet." />}
      </Tabs>
    </>
  );
}
