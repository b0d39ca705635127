import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../client';
import { deliveredEventHead, type SqlRunner } from '../event-log';
import type { EventCheckpoint } from '../generated/prisma/client';

// The hash chain alone proves only that the rows agree with each other: someone able to
// write the table can change a row and recompute every hash after it, cut off the end, or
// insert a row and re-chain. Checkpoints close that: every few minutes the worker signs the
// chain head (id and hash) with an HMAC whose key is not in the database, chained to the
// previous checkpoint's signature. Rewriting history before a checkpoint then needs the key.

type Signed = Pick<EventCheckpoint, 'eventId' | 'eventHash' | 'prevSignature' | 'createdAt'>;

/** HMAC-SHA256 over the head it signs and the previous checkpoint's signature. */
export function signCheckpoint(key: Buffer, checkpoint: Signed): string {
  const message = [
    'quarterdeck-checkpoint-v1',
    checkpoint.eventId,
    checkpoint.eventHash,
    checkpoint.prevSignature,
    checkpoint.createdAt.toISOString(),
  ];
  return createHmac('sha256', key).update(message.join('|')).digest('hex');
}

/**
 * Signs the current chain head (after moving it as far as it goes) unless the last
 * checkpoint already covers it. One writer at a time; returns the new checkpoint or null.
 */
export async function writeEventCheckpoint(db: Db, key: Buffer): Promise<EventCheckpoint | null> {
  await deliveredEventHead(db);
  return db.$transaction(async (tx) => {
    // Two workers running the job at once must not both chain onto the same predecessor.
    await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(1363428696, 0)');
    const head = await tx.eventLogHead.findUnique({ where: { singleton: true } });
    if (!head || head.id === 0n) return null;
    const last = await tx.eventCheckpoint.findFirst({ orderBy: { id: 'desc' } });
    if (last && last.eventId === head.id) return null;
    const signed: Signed = { eventId: head.id, eventHash: head.hash, prevSignature: last?.signature ?? '', createdAt: new Date() };
    return tx.eventCheckpoint.create({ data: { ...signed, signature: signCheckpoint(key, signed) } });
  });
}

export interface AuditProblem {
  /** What is wrong: an event row, a checkpoint, or the head. */
  kind: 'event' | 'checkpoint' | 'head';
  /** The event id (kind event or head) or checkpoint id. */
  id: bigint;
  reason: string;
}

export interface AuditReport {
  ok: boolean;
  /** The first problem in log order, or null. */
  problem: AuditProblem | null;
  /** The delivered (chained) head. */
  headId: bigint;
  checkpoints: number;
  /** The newest event a valid checkpoint covers; events after it are protected by the hash chain only. */
  signedUpTo: bigint | null;
}

/**
 * Checks the whole log against the audit key: the hash chain up to the head, the head itself,
 * that nothing past the head carries a hash, and every checkpoint (signature, order, and the
 * signed hash still being the event's hash). Reports the first problem, in log order.
 */
export async function verifyEventLog(runner: SqlRunner, key: Buffer): Promise<AuditReport> {
  const [head] = await runner.$queryRawUnsafe<Array<{ id: bigint; hash: string }>>('SELECT id, hash FROM event_log_head');
  const headId = head?.id ?? 0n;
  const found: Array<AuditProblem & { at: bigint }> = [];

  const [chainBreak] = await runner.$queryRawUnsafe<Array<{ broken_id: bigint; reason: string }>>(
    'SELECT broken_id, reason FROM quarterdeck_verify_event_chain()',
  );
  if (chainBreak) found.push({ kind: 'event', id: chainBreak.broken_id, at: chainBreak.broken_id, reason: chainBreak.reason });

  if (headId > 0n) {
    const [headRow] = await runner.$queryRawUnsafe<Array<{ hash: string }>>('SELECT hash FROM events WHERE id = $1', headId);
    if (!headRow) {
      found.push({
        kind: 'head',
        id: headId,
        at: headId,
        reason: `the chain head (event ${headId}) is missing: events were deleted from the end of the log`,
      });
    } else if (headRow.hash !== head?.hash) {
      found.push({
        kind: 'head',
        id: headId,
        at: headId,
        reason: `event ${headId} no longer has the hash the head recorded: the log was rewritten`,
      });
    }
  }
  const [pastHead] = await runner.$queryRawUnsafe<Array<{ id: bigint }>>(
    `SELECT id FROM events WHERE id > $1 AND (hash <> '' OR prev_hash <> '') ORDER BY id LIMIT 1`,
    headId,
  );
  if (pastHead) {
    found.push({
      kind: 'event',
      id: pastHead.id,
      at: pastHead.id,
      reason: `event ${pastHead.id} is past the head but carries a hash: it was not chained by the log`,
    });
  }

  const checkpoints = await runner.$queryRawUnsafe<Array<EventCheckpoint & { currentHash: string | null }>>(
    `SELECT c.id, c.event_id AS "eventId", c.event_hash AS "eventHash", c.prev_signature AS "prevSignature", c.signature,
            c.created_at AS "createdAt", e.hash AS "currentHash"
     FROM event_checkpoints c LEFT JOIN events e ON e.id = c.event_id ORDER BY c.id`,
  );
  let previous: (EventCheckpoint & { currentHash: string | null }) | null = null;
  let signedUpTo: bigint | null = null;
  for (const checkpoint of checkpoints) {
    const problem = checkpointProblem(key, checkpoint, previous, headId);
    if (problem) {
      found.push({ kind: 'checkpoint', id: checkpoint.id, at: checkpoint.eventId, reason: problem });
      break;
    }
    signedUpTo = checkpoint.eventId;
    previous = checkpoint;
  }

  found.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const first = found[0];
  return {
    ok: first === undefined,
    problem: first ? { kind: first.kind, id: first.id, reason: first.reason } : null,
    headId,
    checkpoints: checkpoints.length,
    signedUpTo,
  };
}

function checkpointProblem(
  key: Buffer,
  checkpoint: EventCheckpoint & { currentHash: string | null },
  previous: EventCheckpoint | null,
  headId: bigint,
): string | null {
  const expected = Buffer.from(signCheckpoint(key, checkpoint), 'hex');
  const actual = Buffer.from(checkpoint.signature, 'hex');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return `checkpoint ${checkpoint.id} does not verify with the audit key: it was forged or altered (or the key is not the one that signed it)`;
  }
  if (checkpoint.prevSignature !== (previous?.signature ?? '')) {
    return `checkpoint ${checkpoint.id} does not follow ${previous ? `checkpoint ${previous.id}` : 'the start of the log'}: a checkpoint was deleted`;
  }
  if (checkpoint.currentHash === null) {
    return `checkpoint ${checkpoint.id} signed event ${checkpoint.eventId}, which is missing: events were deleted`;
  }
  if (checkpoint.eventId > headId) {
    return `checkpoint ${checkpoint.id} signed event ${checkpoint.eventId}, past the head ${headId}: the end of the log was cut off`;
  }
  if (checkpoint.currentHash !== checkpoint.eventHash) {
    const from = previous ? `after event ${previous.eventId}` : 'from the start';
    return `checkpoint ${checkpoint.id} signed event ${checkpoint.eventId} with another hash: events ${from} up to ${checkpoint.eventId} were rewritten`;
  }
  return null;
}
