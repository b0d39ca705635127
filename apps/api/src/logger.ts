import pino, { type Logger } from 'pino';

export function createApiLogger(level: string): Logger {
  return pino({ level, base: { service: 'api' } });
}
