import { isMainThread } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';
import { createCpuPool, runOnPool } from './cpu-pool';

const pool = createCpuPool({ maxThreads: 1 });
afterAll(() => pool.destroy());

it('runs a TypeScript task file on a pool thread', async () => {
  expect(isMainThread).toBe(true);
  const result = await runOnPool<{ text: string }, { text: string }>(pool, new URL('./echo-task.ts', import.meta.url), { text: 'ahoy' });
  expect(result).toEqual({ text: 'AHOY', threadHasTypeScript: true });
});
