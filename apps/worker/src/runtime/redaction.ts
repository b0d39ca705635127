import { redact, redactor } from '@quarterdeck/contracts';
import type { AgentExecutor, ExecutionInput, ExecutionIO, ExecutionOutcome } from '@quarterdeck/engine';

// Everything an agent hands back passes the process's redactor on its way to the engine: log
// lines, streamed text, tool calls, errors, a failure's reason (it becomes the task's
// lastError and the next attempt's feedback), a question for a person, and the content and
// files of a result. A provider that echoes the key in an error, or a CLI that prints its
// environment, leaves no key in the database.

export function redactingIO(io: ExecutionIO): ExecutionIO {
  return {
    log: (lines) => io.log(lines.map(redact)),
    tokens: (text) => io.tokens(redact(text)),
    toolCall: (name, detail) => io.toolCall(redact(name), detail === undefined ? undefined : redact(detail)),
    error: (message) => io.error(redact(message)),
  };
}

export function redactOutcome(outcome: ExecutionOutcome): ExecutionOutcome {
  switch (outcome.kind) {
    case 'failed':
      return { ...outcome, reason: redact(outcome.reason) };
    case 'needs_human':
      return {
        kind: 'needs_human',
        question: redact(outcome.question),
        ...(outcome.options === undefined ? {} : { options: outcome.options.map(redact) }),
      };
    case 'completed':
      return {
        ...outcome,
        content: redactor.redactDeep(outcome.content),
        ...(outcome.files === undefined
          ? {}
          : { files: outcome.files.map((file) => ({ path: file.path, content: redact(file.content) })) }),
      };
  }
}

/** The same error with its message and stack redacted (what the engine and the job queue record). */
export function redactError(error: unknown): Error {
  const original = error instanceof Error ? error : new Error(String(error));
  const redacted = new Error(redact(original.message));
  redacted.name = original.name;
  if (original.stack !== undefined) redacted.stack = redact(original.stack);
  return redacted;
}

export function redactingExecutor(inner: AgentExecutor): AgentExecutor {
  return {
    async execute(input: ExecutionInput, io: ExecutionIO): Promise<ExecutionOutcome> {
      try {
        return redactOutcome(await inner.execute(input, redactingIO(io)));
      } catch (error) {
        // An abort reason is passed through untouched: the engine recognises it by identity.
        if (input.signal.aborted && error === input.signal.reason) throw error;
        throw redactError(error);
      }
    },
  };
}
