import { existsSync } from 'node:fs';
import path from 'node:path';
import { readOrCreateSecretFile } from '../app-role';
import { StartupError } from '../startup-error';

export interface AuditKeyConfig {
  /** QUARTERDECK_AUDIT_KEY, when set. */
  auditKey?: string | undefined;
  dataDir: string;
}

/** Where the key lives when QUARTERDECK_AUDIT_KEY is not set. */
export function auditKeyFile(dataDir: string): string {
  return path.join(dataDir, 'audit.key');
}

/**
 * The key that signs event-log checkpoints. It is never stored in the database (whoever can
 * rewrite the log could otherwise re-sign it): QUARTERDECK_AUDIT_KEY, or else the data
 * folder's `audit.key` (mode 0600), created by the first start when `create` is set.
 */
export function loadAuditKey(config: AuditKeyConfig, { create }: { create: boolean }): Buffer {
  if (config.auditKey) return Buffer.from(config.auditKey, 'utf8');
  const file = auditKeyFile(config.dataDir);
  if (!create && !existsSync(file)) {
    throw new StartupError(
      `No audit key: set QUARTERDECK_AUDIT_KEY or start Quarterdeck once so it creates ${file} (the key that signs the event log's checkpoints).`,
    );
  }
  return Buffer.from(readOrCreateSecretFile(file, 32), 'utf8');
}
