import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

/**
 * One thread pool per worker process for the CPU-heavy hot paths (LLM stream parsing, log
 * analysis / stuck detection). Each task file is a pure default export whose input and
 * output survive structured clone; callers name the file per run, so the threads are shared.
 * The pool runs TypeScript task files through tsx's loader, the same way the process does.
 */
export type CpuPool = Piscina;

export function createCpuPool(options: { maxThreads?: number } = {}): CpuPool {
  const maxThreads = options.maxThreads ?? Math.max(1, Math.min(4, os.availableParallelism() - 1));
  return new Piscina({
    minThreads: 1,
    maxThreads,
    idleTimeout: 30_000,
    execArgv: ['--import', 'tsx'],
  });
}

/** Runs the default export of the task file at `taskFileUrl` (pass `new URL('./x.ts', import.meta.url)`). */
export function runOnPool<Input, Output>(
  pool: CpuPool,
  taskFileUrl: URL,
  input: Input,
  options: { transferList?: ArrayBuffer[]; signal?: AbortSignal } = {},
): Promise<Output> {
  return pool.run(input, {
    filename: fileURLToPath(taskFileUrl),
    ...(options.transferList ? { transferList: options.transferList } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  }) as Promise<Output>;
}
