import { StatusFilter } from '../components/StatusFilter';
import { useState, type FormEvent } from 'react';
import { Link } from 'wouter';
import { FormError, SelectField, TextAreaField, TextField, errorMessage } from '../components/fields';
import { LoadableView } from '../components/LoadableView';
import { PageHeader, Section } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { StatusBadge } from '../components/StatusBadge';
import { EmptyState } from '../components/states';
import { clearTouchedErrors } from '../lib/form-errors';
import { validateNewProject, type NewProjectErrors } from '../lib/project-form';
import type { Loadable, NewProjectInput, Project, ProjectStatus, WorkflowTemplateSummary } from '../types';

export type ProjectStatusFilter = ProjectStatus | 'all';

interface ProjectsPageProps {
  /** Projects matching `statusFilter` (the filter is applied by whoever loads them). */
  projects: Loadable<Project[]>;
  statusFilter: ProjectStatusFilter;
  onStatusFilterChange: (filter: ProjectStatusFilter) => void;
  templates: Loadable<WorkflowTemplateSummary[]>;
  /** Creates the project and its run (the caller decides whether to open it); rejects with a message on failure. */
  onCreate: (input: NewProjectInput) => Promise<void> | void;
  canCreate: boolean;
}

export function ProjectsPage({ projects, statusFilter, onStatusFilterChange, templates, onCreate, canCreate }: ProjectsPageProps) {
  return (
    <>
      <PageHeader title="Projects" description="Every idea Quarterdeck is working on, or has delivered." />
      <div className="grid grid--sidebar">
        <Section title="All projects" aside={<StatusFilter kind="project" value={statusFilter} onChange={onStatusFilterChange} />}>
          <LoadableView state={projects} loadingLabel="Loading projects…">
            {(list) => <ProjectList projects={list} filtered={statusFilter !== 'all'} />}
          </LoadableView>
        </Section>
        {canCreate && (
          <Section title="New project from an idea">
            <LoadableView state={templates} loadingLabel="Loading workflow templates…">
              {(list) => <NewProjectForm templates={list} onCreate={onCreate} />}
            </LoadableView>
          </Section>
        )}
      </div>
    </>
  );
}

function ProjectList({ projects, filtered }: { projects: Project[]; filtered: boolean }) {
  if (projects.length === 0) {
    return filtered ? (
      <EmptyState title="No projects with this status" compact>
        Choose another status, or All.
      </EmptyState>
    ) : (
      <EmptyState title="No projects yet" compact>
        Describe a product idea in the form and Quarterdeck lays out the work.
      </EmptyState>
    );
  }
  return (
    <ul className="list">
      {projects.map((project) => (
        <li key={project.id} className="list__item">
          <div className="list__row">
            <Link href={`/projects/${project.id}`} className="list__title">
              {project.name}
            </Link>
            <StatusBadge kind="project" value={project.status} />
          </div>
          <p className="list__text">{project.productIdea}</p>
          <p className="list__meta">
            {project.workflowTemplateId} · created <RelativeTime iso={project.createdAt} />
          </p>
        </li>
      ))}
    </ul>
  );
}

interface NewProjectFormProps {
  templates: WorkflowTemplateSummary[];
  onCreate: (input: NewProjectInput) => Promise<void> | void;
}

function NewProjectForm({ templates, onCreate }: NewProjectFormProps) {
  const [draft, setDraft] = useState<NewProjectInput>({
    name: '',
    productIdea: '',
    workflowTemplateId: templates[0]?.id ?? '',
  });
  const [errors, setErrors] = useState<NewProjectErrors>({});
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (templates.length === 0) {
    return (
      <EmptyState title="No workflow templates" compact>
        The server found no workflow templates to create a project from.
      </EmptyState>
    );
  }

  const selectedTemplate = templates.find((template) => template.id === draft.workflowTemplateId);

  function update(change: Partial<NewProjectInput>) {
    setDraft((current) => ({ ...current, ...change }));
    setErrors((current) => clearTouchedErrors(current, change));
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = validateNewProject(
      draft,
      templates.map((template) => template.id),
    );
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setSubmitError(null);
    setSubmitting(true);
    try {
      await onCreate(result.input);
      setDraft((current) => ({ ...current, name: '', productIdea: '' }));
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(event)}>
      <TextAreaField
        label="Product idea"
        hint="One or two sentences: who it is for and what it does."
        placeholder="A habit-tracking app for nurses on night shift"
        error={errors.productIdea}
        rows={4}
        value={draft.productIdea}
        onChange={(event) => update({ productIdea: event.target.value })}
      />
      <TextField
        label="Name (optional)"
        hint="Derived from the idea when left empty."
        error={errors.name}
        value={draft.name}
        onChange={(event) => update({ name: event.target.value })}
      />
      <SelectField
        label="Workflow template"
        hint={selectedTemplate?.description}
        error={errors.workflowTemplateId}
        value={draft.workflowTemplateId}
        onChange={(event) => update({ workflowTemplateId: event.target.value })}
      >
        {templates.map((template) => (
          <option key={template.id} value={template.id}>
            {template.name}
          </option>
        ))}
      </SelectField>
      <FormError message={submitError} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  );
}
