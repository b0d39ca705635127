// The API process: `pnpm --filter @quarterdeck/api start` (the root `pnpm start` runs it).
import { configureSecretPolicy, redactor } from '@quarterdeck/contracts';
import { defaultTemplatesDir, loadTemplates } from '@quarterdeck/contracts/templates';
import { assertPortFree, assertReachable, createDb, runCli, StartupError } from '@quarterdeck/db';
import { createApiLogger } from './logger';
import { ensureFirstAdmin } from './auth/login-links';
import { readApiEnv } from './env';
import { DEFAULT_HEALTH_THRESHOLDS } from './health/check-health';
import { createApiServer } from './http/server';

runCli(async () => {
  const env = readApiEnv();
  const logger = createApiLogger(env.logLevel);
  // Before anything can accept an agent's config or format an error.
  configureSecretPolicy(env.secretPolicy);
  redactor.register(...env.knownSecrets);
  const databaseUrl = env.database.databaseUrl;
  if (!databaseUrl) throw new StartupError('The API needs DATABASE_URL (pnpm start sets it for you).');
  await assertReachable(databaseUrl);
  await assertPortFree(env.port, 'the Quarterdeck API (QUARTERDECK_PORT)');

  const db = createDb(databaseUrl, { applicationName: 'quarterdeck-api' });
  const catalog = await loadTemplates(defaultTemplatesDir());
  const firstAdmin = await ensureFirstAdmin(db, env.publicUrl);
  if (firstAdmin) {
    // stdout on purpose, not the JSON log: a person must read and click it. It is shown
    // only until an admin has logged in, and only its hash is stored.
    process.stdout.write(
      `\nNo admin has logged in yet. Open this one-time login link (valid 24 hours) to sign in as ${firstAdmin.email}:\n\n  ${firstAdmin.url}\n\n`,
    );
  }

  const api = createApiServer({
    db,
    logger,
    catalog,
    databaseUrl,
    webDist: env.webDist,
    publicUrl: env.publicUrl,
    live: env.live,
    limits: env.limits,
    healthThresholds: { ...DEFAULT_HEALTH_THRESHOLDS, workerStaleMs: env.workerDeadAfterMs },
  });
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
