import { LogTail } from '../../components/LogTail';
import { TokenStreamView } from '../../components/TokenStreamView';
import { EmptyState } from '../../components/states';
import type { LiveActivity } from '../../types';

/** What the agents are writing right now, and the tail of their logs. */
export function ActivityTab({ activity }: { activity: LiveActivity }) {
  const streaming = activity.tokenStreams.filter((stream) => !stream.done);
  const finished = activity.tokenStreams.filter((stream) => stream.done);
  return (
    <div className="activity">
      <h3>Agent output</h3>
      {activity.tokenStreams.length === 0 ? (
        <EmptyState title="No agent is writing" compact>
          Model output streams here, token by token, while agents work.
        </EmptyState>
      ) : (
        <div className="streams">
          {[...streaming, ...finished].map((stream) => (
            <TokenStreamView key={stream.requestId} stream={stream} />
          ))}
        </div>
      )}
      <h3>Log tail</h3>
      <LogTail lines={activity.logTail} label="Project log tail" emptyText="No log lines yet." />
    </div>
  );
}
