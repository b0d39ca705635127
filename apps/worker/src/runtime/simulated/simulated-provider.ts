import { HandoffType } from '@quarterdeck/contracts';
import { sleep } from '../llm/backoff';
import type { ChatCallOptions, ChatProvider, ChatRequest, ChatResult, ChatSink } from '../providers/chat-types';
import { simulatedContent, type SimulationBrief } from './simulated-content';

const TICK_MS = 20;
/** Characters per simulated token (the same ratio the usage estimate uses). */
const CHARS_PER_TOKEN = 4;

/**
 * The built-in offline provider: answers with deterministic, schema-valid content for the
 * requested handoff type, streamed at `tokensPerSecond`, and reports no usage so the
 * accounting flags its counts as estimated. Labelled simulated in usage rows (provider
 * `simulated`) and in the outcome.
 */
export class SimulatedProvider implements ChatProvider {
  readonly name = 'simulated';
  readonly simulated = true;

  constructor(
    private readonly brief: SimulationBrief,
    private readonly tokensPerSecond: number,
  ) {}

  async complete(request: ChatRequest, sink: ChatSink, options: ChatCallOptions): Promise<ChatResult> {
    const type = HandoffType.safeParse(request.responseSchema?.name);
    const content = type.success
      ? JSON.stringify(simulatedContent(type.data, this.brief), null, 2)
      : `[simulated] ${this.brief.role} has nothing to add.`;
    const charsPerTick = Math.max(1, Math.round((this.tokensPerSecond * CHARS_PER_TOKEN * TICK_MS) / 1_000));
    for (let start = 0; start < content.length; start += charsPerTick) {
      sink.text(content.slice(start, start + charsPerTick));
      if (start + charsPerTick < content.length) await sleep(TICK_MS, options.signal);
    }
    return { content, toolCalls: [], usage: null, finishReason: 'stop', malformed: [] };
  }
}
