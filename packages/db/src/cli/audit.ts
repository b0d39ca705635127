// `pnpm audit:events`: verifies the event log against the audit key (hash chain, head and
// signed checkpoints) and exits 1, naming the first bad row and why, when it is broken.
import { loadAuditKey } from '../audit/audit-key';
import { verifyEventLog } from '../audit/checkpoints';
import { createDb } from '../client';
import { openDatabase } from '../database';
import { readDatabaseEnv } from '../env';
import { StartupError } from '../startup-error';
import { runCli } from './run-cli';

runCli(async () => {
  const config = readDatabaseEnv();
  const key = loadAuditKey(config, { create: false });
  const database = await openDatabase(config);
  const db = createDb(database.appUrl, { applicationName: 'quarterdeck-audit', maxConnections: 1 });
  try {
    const report = await verifyEventLog(db, key);
    if (report.problem) {
      throw new StartupError(`The event log is broken at ${report.problem.kind} ${report.problem.id}: ${report.problem.reason}.`);
    }
    const signed = report.signedUpTo === null ? 'no checkpoint yet' : `signed up to event ${report.signedUpTo}`;
    console.log(`The event log is intact: chained up to event ${report.headId}, ${report.checkpoints} checkpoints, ${signed}.`);
  } finally {
    await db.$disconnect();
    await database.stop();
  }
});
