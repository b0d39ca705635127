// The worker process: `pnpm --filter @quarterdeck/worker start` (the root `pnpm start` runs it).
import { runCli, StartupError } from '@quarterdeck/db';
import pino from 'pino';
import { readWorkerEnv } from './env';
import { startWorkerProcess } from './worker-process';

runCli(async () => {
  const env = readWorkerEnv();
  const logger = pino({ level: env.logLevel, base: { service: 'worker' } });
  if (!env.database.databaseUrl) {
    throw new StartupError('The worker needs DATABASE_URL (pnpm start sets it for you).');
  }
  const worker = await startWorkerProcess({
    databaseUrl: env.database.databaseUrl,
    concurrency: env.concurrency,
    heartbeatMs: env.heartbeatMs,
    deadAfterMs: env.deadAfterMs,
    settings: env.settings,
    logger,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('worker stopping');
  await worker.stop();
});
