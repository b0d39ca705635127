export { auditKeyFile, loadAuditKey, type AuditKeyConfig } from './audit-key';
export { signCheckpoint, verifyEventLog, writeEventCheckpoint, type AuditProblem, type AuditReport } from './checkpoints';
