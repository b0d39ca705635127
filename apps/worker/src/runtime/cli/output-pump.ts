import type { ExecutionIO } from '@quarterdeck/engine';
import { asError } from '../as-error';

export interface ToolPattern {
  regex: RegExp;
}

type Item = { kind: 'line'; text: string } | { kind: 'tool'; name: string; detail: string } | { kind: 'error'; text: string };

/** Common shapes of tool-call lines in coding CLIs' output; an agent can replace them. */
export const DEFAULT_TOOL_CALL_PATTERNS = [
  String.raw`^\s*(?:tool|Tool|TOOL)(?:_call)?\s*[:>]\s*(?<name>[\w.:-]+)\s*(?<detail>.*)$`,
  String.raw`^\s*[⏺●]\s*(?<name>[A-Z]\w+)\((?<detail>.*)\)\s*$`,
];
const ERROR_LINE = /\b(error|exception|fatal|traceback)\b/i;

/**
 * Carries a process's output into the iteration log in order, at most one write per
 * `flushMs`: stdout lines as they are, stderr lines marked (and counted as errors when they
 * say so), lines matching a tool-call pattern also recorded as tool calls.
 */
export class OutputPump {
  private queue: Item[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly patterns: RegExp[];

  constructor(
    private readonly io: ExecutionIO,
    patterns: string[],
    private readonly flushMs: number,
  ) {
    this.patterns = patterns.map((pattern) => new RegExp(pattern));
  }

  stdout(lines: string[]): void {
    for (const line of lines) {
      this.queue.push({ kind: 'line', text: line });
      this.matchTool(line);
    }
    this.schedule();
  }

  stderr(lines: string[]): void {
    for (const line of lines) {
      this.queue.push(ERROR_LINE.test(line) ? { kind: 'error', text: line } : { kind: 'line', text: `[stderr] ${line}` });
      this.matchTool(line);
    }
    this.schedule();
  }

  note(line: string): void {
    this.queue.push({ kind: 'line', text: line });
    this.schedule();
  }

  /** Writes whatever is queued; throws if any write failed. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.enqueueWrite();
    await this.writing;
    if (this.failure !== null) throw asError(this.failure);
  }

  private matchTool(line: string): void {
    for (const pattern of this.patterns) {
      const match = pattern.exec(line);
      if (!match) continue;
      const name = match.groups?.name ?? match[1] ?? 'tool';
      this.queue.push({ kind: 'tool', name, detail: (match.groups?.detail ?? '').trim().slice(0, 2_000) });
      return;
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.enqueueWrite();
    }, this.flushMs);
  }

  private enqueueWrite(): void {
    const items = this.queue;
    this.queue = [];
    // Writes run one after another so the log keeps the process's order; a failure is
    // reported by close() rather than thrown from a timer.
    this.writing = this.writing
      .then(() => write(this.io, items))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }
}

async function write(io: ExecutionIO, items: Item[]): Promise<void> {
  let lines: string[] = [];
  const flushLines = async () => {
    for (let start = 0; start < lines.length; start += 1_000)
      await io.log(lines.slice(start, start + 1_000).map((line) => line.slice(0, 16_384)));
    lines = [];
  };
  for (const item of items) {
    if (item.kind === 'line') {
      lines.push(item.text);
      continue;
    }
    await flushLines();
    if (item.kind === 'tool') await io.toolCall(item.name, item.detail || undefined);
    else await io.error(item.text.slice(0, 5_000));
  }
  await flushLines();
}
