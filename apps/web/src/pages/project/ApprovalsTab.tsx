import { ApprovalForm } from '../../components/ApprovalForm';
import { RelativeTime } from '../../components/RelativeTime';
import { SimulatedBadge, StatusBadge } from '../../components/StatusBadge';
import { EmptyState } from '../../components/states';
import { artifactText } from '../../lib/artifact-diff';
import type { ApprovalSubmission } from '../../lib/approval-form';
import type { ApprovalItem } from '../../types';

interface ApprovalsTabProps {
  approvals: ApprovalItem[];
  onRespond: (requestId: string, submission: ApprovalSubmission) => Promise<void> | void;
  canRespond: boolean;
}

/** The inbox: requests waiting on a person first, each with its artifact and the answer form. */
export function ApprovalsTab({ approvals, onRespond, canRespond }: ApprovalsTabProps) {
  const pending = approvals.filter((approval) => approval.status === 'pending');
  const answered = approvals.filter((approval) => approval.status !== 'pending');
  return (
    <div className="approvals">
      {pending.length === 0 ? (
        <EmptyState title="Nothing waits on you" compact>
          Review gates and agents' questions for this project appear here.
        </EmptyState>
      ) : (
        <ul className="list list--plain">
          {pending.map((approval) => (
            <li key={approval.id}>
              <PendingRequest approval={approval} onRespond={onRespond} canRespond={canRespond} />
            </li>
          ))}
        </ul>
      )}
      {answered.length > 0 && (
        <>
          <h3>Answered</h3>
          <ul className="list">
            {answered.map((approval) => (
              <li key={approval.id} className="list__item">
                <div className="list__row">
                  <span className="list__title">{approval.question}</span>
                  <StatusBadge kind="hitl" value={approval.status} />
                </div>
                <p className="list__meta">
                  {approval.taskTitle ?? 'No task'}
                  {approval.respondedAt !== null && (
                    <>
                      {' '}
                      · answered <RelativeTime iso={approval.respondedAt} />
                    </>
                  )}
                </p>
                {approval.responseContent !== null && <p className="list__text">{approval.responseContent}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

interface PendingRequestProps {
  approval: ApprovalItem;
  onRespond: ApprovalsTabProps['onRespond'];
  canRespond: boolean;
}

function PendingRequest({ approval, onRespond, canRespond }: PendingRequestProps) {
  const { artifact } = approval;
  const options = optionLabels(approval.options);
  return (
    <article className="request card card--inset" aria-labelledby={`request-${approval.id}`}>
      <header className="request__head">
        <h3 id={`request-${approval.id}`} className="request__question">
          {approval.question}
        </h3>
        <p className="list__meta">
          {approval.kind} · {approval.taskTitle ?? 'No task'} · asked <RelativeTime iso={approval.createdAt} />
          {approval.timeoutAt !== null && (
            <>
              {' '}
              · {approval.timeoutAction === 'fail' ? 'fails' : 'escalates'} <RelativeTime iso={approval.timeoutAt} />
            </>
          )}
        </p>
      </header>
      {options.length > 0 && (
        <div>
          <h4>Suggested answers</h4>
          <ul className="chips">
            {options.map((option) => (
              <li key={option} className="chip chip--static">
                {option}
              </li>
            ))}
          </ul>
        </div>
      )}
      {artifact !== null && (
        <details className="request__artifact" open>
          <summary>
            {artifact.name} v{artifact.version} {artifact.isSimulated && <SimulatedBadge />}
          </summary>
          <pre className="code-block" tabIndex={0}>
            {artifactText(artifact)}
          </pre>
        </details>
      )}
      {canRespond ? (
        <ApprovalForm artifact={artifact} onSubmit={(submission) => onRespond(approval.id, submission)} />
      ) : (
        <p className="hint">Your role can see this request but not answer it.</p>
      )}
    </article>
  );
}

/** HITL options are free-form JSON: strings, or objects with a label. */
function optionLabels(options: unknown): string[] {
  if (!Array.isArray(options)) return [];
  return options.flatMap((option: unknown) => {
    if (typeof option === 'string') return [option];
    if (option !== null && typeof option === 'object' && 'label' in option && typeof option.label === 'string') return [option.label];
    return [];
  });
}
