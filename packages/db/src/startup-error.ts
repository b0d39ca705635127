/**
 * A start-up problem the person running Quarterdeck can fix. Its message is one sentence
 * that says what to fix; entry points print it alone, without a stack trace.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
