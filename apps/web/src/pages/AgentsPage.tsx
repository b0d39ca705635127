import { useState } from 'react';
import { ConfirmButton } from '../components/ConfirmButton';
import { LoadableView } from '../components/LoadableView';
import { PageHeader, Section } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { SimulatedBadge, StatusBadge } from '../components/StatusBadge';
import { EmptyState } from '../components/states';
import { draftFromAgent } from '../lib/agent-form';
import type { Agent, AgentInput, AgentStatusHistory, AgentTemplate, Loadable } from '../types';
import { AgentForm } from './AgentForm';

interface AgentsPageProps {
  agents: Loadable<Agent[]>;
  templates: AgentTemplate[];
  /** The agent whose history is open (from `?agent=` in the URL, say), and its history. */
  selectedAgentId: string | null;
  onSelectAgent: (agentId: string | null) => void;
  history: Loadable<AgentStatusHistory[]> | null;
  onCreate: (input: AgentInput) => Promise<void> | void;
  onUpdate: (agentId: string, input: AgentInput) => Promise<void> | void;
  onReset: (agentId: string) => Promise<void> | void;
  /** Operators create and edit agents. */
  canEdit: boolean;
  /** Resetting an agent (clearing its task and status) is for admins. */
  canReset: boolean;
}

type Editing = { mode: 'create' } | { mode: 'edit'; agent: Agent } | null;

export function AgentsPage(props: AgentsPageProps) {
  const { agents, templates, selectedAgentId, onSelectAgent, history, onCreate, onUpdate, canEdit } = props;
  const [editing, setEditing] = useState<Editing>(null);

  return (
    <>
      <PageHeader
        title="Agents"
        description="The analysts, architects, coders, QA and personas that do the work."
        actions={
          canEdit && editing === null ? (
            <button type="button" className="button button--primary" onClick={() => setEditing({ mode: 'create' })}>
              New agent
            </button>
          ) : undefined
        }
      />
      {editing !== null && (
        <Section title={editing.mode === 'create' ? 'New agent' : `Edit ${editing.agent.name}`}>
          <AgentForm
            key={editing.mode === 'create' ? 'create' : editing.agent.id}
            initial={editing.mode === 'edit' ? draftFromAgent(editing.agent) : undefined}
            templates={templates}
            submitLabel={editing.mode === 'create' ? 'Create agent' : 'Save changes'}
            onCancel={() => setEditing(null)}
            onSubmit={async (input) => {
              if (editing.mode === 'create') await onCreate(input);
              else await onUpdate(editing.agent.id, input);
              setEditing(null);
            }}
          />
        </Section>
      )}
      <Section title="All agents">
        <LoadableView state={agents} loadingLabel="Loading agents…">
          {(list) =>
            list.length === 0 ? (
              <EmptyState title="No agents yet">
                Agents are created from a project's team when a run starts, or by hand with New agent.
              </EmptyState>
            ) : (
              <AgentTable {...props} agents={list} onEdit={(agent) => setEditing({ mode: 'edit', agent })} />
            )
          }
        </LoadableView>
      </Section>
      {selectedAgentId !== null && history !== null && (
        <Section
          title="Status history"
          aside={
            <button type="button" className="button button--quiet button--small" onClick={() => onSelectAgent(null)}>
              Close
            </button>
          }
        >
          <LoadableView state={history} loadingLabel="Loading history…">
            {(entries) => <HistoryList entries={entries} />}
          </LoadableView>
        </Section>
      )}
    </>
  );
}

type AgentTableProps = Omit<AgentsPageProps, 'agents'> & { agents: Agent[]; onEdit: (agent: Agent) => void };

function AgentTable({ agents, selectedAgentId, onSelectAgent, onReset, canEdit, canReset, onEdit }: AgentTableProps) {
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Model</th>
            <th scope="col">Last heartbeat</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.id} className={agent.id === selectedAgentId ? 'table__row--selected' : undefined}>
              <th scope="row">{agent.name}</th>
              <td>{agent.role}</td>
              <td>
                <StatusBadge kind="agent" value={agent.status} />
              </td>
              <td>
                {agent.runtime === 'cli' ? 'CLI' : `${agent.provider} / ${agent.model}`}{' '}
                {agent.provider === 'simulated' && agent.runtime === 'llm' && <SimulatedBadge />}
              </td>
              <td>{agent.lastHeartbeatAt === null ? 'Never' : <RelativeTime iso={agent.lastHeartbeatAt} />}</td>
              <td className="table__actions">
                <button type="button" className="button button--small" onClick={() => onSelectAgent(agent.id)}>
                  History<span className="visually-hidden"> of {agent.name}</span>
                </button>
                {canEdit && (
                  <button type="button" className="button button--small" onClick={() => onEdit(agent)}>
                    Edit<span className="visually-hidden"> {agent.name}</span>
                  </button>
                )}
                {canReset && (
                  <ConfirmButton
                    label="Reset"
                    question={`Reset ${agent.name}? Its current task is released and it goes back to idle.`}
                    confirmLabel="Yes, reset"
                    onConfirm={() => void onReset(agent.id)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function HistoryList({ entries }: { entries: AgentStatusHistory[] }) {
  if (entries.length === 0) return <EmptyState title="No status changes recorded" compact />;
  return (
    <ol className="timeline">
      {entries.map((entry) => (
        <li key={entry.id} className="timeline__item">
          <div className="timeline__head">
            {entry.previousStatus !== null && (
              <>
                <StatusBadge kind="agent" value={entry.previousStatus} />
                <span aria-hidden="true">→</span>
                <span className="visually-hidden">to</span>
              </>
            )}
            <StatusBadge kind="agent" value={entry.status} />
            <span className="timeline__time">
              <RelativeTime iso={entry.createdAt} />
            </span>
          </div>
          {entry.reason !== null && <p className="timeline__summary">{entry.reason}</p>}
        </li>
      ))}
    </ol>
  );
}
