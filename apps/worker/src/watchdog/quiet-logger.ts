import pino, { type Logger } from 'pino';

/** A logger that drops everything: for benchmarks and scripts that report on their own. */
export function quietLogger(): Logger {
  return pino({ level: 'silent' });
}
