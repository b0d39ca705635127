// The API process: `pnpm --filter @quarterdeck/api start` (the root `pnpm start` runs it).
import { assertPortFree, assertReachable, createDb, runCli, StartupError } from '@quarterdeck/db';
import pino from 'pino';
import { readApiEnv } from './env';
import { createApiServer } from './http/server';

runCli(async () => {
  const env = readApiEnv();
  const logger = pino({ level: env.logLevel, base: { service: 'api' } });
  const databaseUrl = env.database.databaseUrl;
  if (!databaseUrl) throw new StartupError('The API needs DATABASE_URL (pnpm start sets it for you).');
  await assertReachable(databaseUrl);
  await assertPortFree(env.port, 'the Quarterdeck API (QUARTERDECK_PORT)');

  const db = createDb(databaseUrl, { applicationName: 'quarterdeck-api' });
  const api = createApiServer({ db, logger, webDist: env.webDist });
  const port = await api.listen(env.port, env.host);
  logger.info({ port }, 'api listening');
  process.send?.({ type: 'listening', port });

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await api.close();
  await db.$disconnect();
});
