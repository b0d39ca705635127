import type { CpuPool } from '../pool/cpu-pool';
import { runOnPool } from '../pool/cpu-pool';
import type { AnalyseBatch, AnalyseItem, AnalysedItem } from './analyse-task';

const TASK_FILE = new URL('./analyse-task.ts', import.meta.url);

/**
 * Analyses every item on the pool, in as many batches as the pool has threads (balanced by
 * bytes), so a tick over a thousand sessions is a handful of messages, not a thousand.
 * Chunks are moved to the threads; the caller must not use them afterwards.
 */
export async function analyseOnPool(pool: CpuPool, now: number, items: AnalyseItem[], signal?: AbortSignal): Promise<AnalysedItem[]> {
  if (items.length === 0) return [];
  const batchCount = Math.max(1, Math.min(pool.options.maxThreads, items.length));
  const batches: AnalyseItem[][] = Array.from({ length: batchCount }, () => []);
  const load = new Array<number>(batchCount).fill(0);
  for (const item of [...items].sort((a, b) => b.chunk.length - a.chunk.length)) {
    const lightest = load.indexOf(Math.min(...load));
    batches[lightest]?.push(item);
    load[lightest] = (load[lightest] ?? 0) + item.chunk.length + 64;
  }
  const results = await Promise.all(
    batches
      .filter((batch) => batch.length > 0)
      .map((batch) => {
        const input: AnalyseBatch = { now, items: batch.map((item) => ({ ...item, chunk: ownedBytes(item.chunk) })) };
        const transferList = input.items
          .map((item) => item.chunk.buffer)
          .filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
        return runOnPool<AnalyseBatch, AnalysedItem[]>(pool, TASK_FILE, input, signal ? { transferList, signal } : { transferList });
      }),
  );
  return results.flat();
}

/**
 * A view that owns its whole ArrayBuffer, so transferring it cannot detach memory shared with
 * anything else (Node's small Buffers are slices of one shared pool).
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes;
  return new Uint8Array(bytes);
}
