import type { TokenStream } from '../types';
import { SimulatedBadge } from './StatusBadge';

/** One agent's LLM output as it streams in, with a caret while tokens are still arriving. */
export function TokenStreamView({ stream }: { stream: TokenStream }) {
  return (
    <article className="stream" aria-busy={!stream.done}>
      <header className="stream__header">
        <span className="stream__agent">{stream.agentName}</span>
        <span className="stream__task">{stream.taskTitle}</span>
        {stream.isSimulated && <SimulatedBadge />}
        <span className="stream__state">{stream.done ? 'Finished' : 'Streaming'}</span>
      </header>
      <pre className="stream__text">
        {stream.text}
        {!stream.done && <span className="stream__caret" aria-hidden="true" />}
      </pre>
    </article>
  );
}
