import { redactor, StreamRedactor } from '@quarterdeck/contracts';
import type { Db } from '@quarterdeck/db';
import { publishEvent, type ExecutionIO } from '@quarterdeck/engine';
import { asError } from '../as-error';
import { eventScope, type ExecutionEnvelope } from '../envelope';

const MAX_EVENT_TEXT = 65_536;
const MAX_LOG_LINE = 16_384;

export interface TokenRelayOptions {
  db: Db;
  envelope: ExecutionEnvelope;
  requestId: string;
  io: ExecutionIO;
  flushMs: number;
  partialLineFlushMs: number;
}

/**
 * Relays one LLM call's streamed text: at most one `llm.tokens` event per `flushMs`, under
 * the call's own requestId and numbered, so a subscriber can tell a retried call's text from
 * the first one's and spot a gap; and the text into the iteration log line by line as it
 * arrives (which also marks the session as producing output). `io.tokens` is deliberately
 * not called: the engine's implementation emits llm.tokens too, and subscribers would see
 * every token twice. An unfinished line is written after `partialLineFlushMs` anyway, so a crash
 * loses at most that much output (a JSON reply is often one long line).
 */
export class TokenRelay {
  private pending = '';
  private line = '';
  private lineSince = 0;
  private sequence = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  /** A key the model echoes may arrive split across two deltas; the redactor holds such a tail back. */
  private readonly redaction = new StreamRedactor(redactor);

  constructor(private readonly options: TokenRelayOptions) {}

  push(text: string): void {
    if (text === '') return;
    this.pending += this.redaction.push(text);
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.enqueueFlush(false);
    }, this.options.flushMs);
  }

  /** Flushes everything, the unfinished line included; throws if any write failed. */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending += this.redaction.end();
    this.enqueueFlush(true);
    await this.flushing;
    if (this.failure !== null) throw asError(this.failure);
  }

  private enqueueFlush(final: boolean): void {
    // Flushes run one after another so events keep their order; a failed write is kept
    // and reported by close() rather than thrown from a timer.
    this.flushing = this.flushing
      .then(() => this.flush(final))
      .catch((error: unknown) => {
        this.failure ??= error;
      });
  }

  private async flush(final: boolean): Promise<void> {
    const text = this.pending;
    this.pending = '';
    if (text !== '') {
      for (let start = 0; start < text.length; start += MAX_EVENT_TEXT) {
        await publishEvent(this.options.db, {
          type: 'llm.tokens',
          severity: 'debug',
          ...eventScope(this.options.envelope),
          payload: { requestId: this.options.requestId, sequence: this.sequence++, text: text.slice(start, start + MAX_EVENT_TEXT) },
        });
      }
    }
    const lines = this.takeLines(text, final);
    if (lines.length > 0) await this.options.io.log(lines);
  }

  private takeLines(text: string, final: boolean): string[] {
    if (this.line === '' && text !== '') this.lineSince = Date.now();
    const parts = (this.line + text).split('\n');
    this.line = parts.pop() ?? '';
    if (parts.length > 0) this.lineSince = Date.now();
    const partialIsOld = this.line !== '' && Date.now() - this.lineSince >= this.options.partialLineFlushMs;
    if (final || partialIsOld || this.line.length >= MAX_LOG_LINE) {
      if (this.line !== '') parts.push(this.line);
      this.line = '';
    }
    return parts.flatMap(splitLongLine);
  }
}

function splitLongLine(line: string): string[] {
  if (line.length <= MAX_LOG_LINE) return [line];
  const pieces: string[] = [];
  for (let start = 0; start < line.length; start += MAX_LOG_LINE) pieces.push(line.slice(start, start + MAX_LOG_LINE));
  return pieces;
}
