import { afterAll, expect, it } from 'vitest';
import { createCpuPool } from '../pool/cpu-pool';
import { analyseChunk } from './analyse-log';
import { analyseOnPool, ownedBytes } from './analyse-on-pool';
import { initialAnalyserState } from './analyser-state';

const pool = createCpuPool({ maxThreads: 2 });
afterAll(() => pool.destroy());
const settings = { repeatedErrorCount: 3, repetitionLoopCount: 5 };

it('analyses on pool threads exactly as inline, for many iterations in one call', async () => {
  const logs = Array.from({ length: 7 }, (_, i) => `[tool] step ${i}\n${'Error: boom\n'.repeat((i % 4) + 1)}I need human help ${i}\n`);
  const inline = logs.map((log) => analyseChunk(initialAnalyserState(), new TextEncoder().encode(log), 42, settings));
  const pooled = await analyseOnPool(
    pool,
    42,
    logs.map((log, i) => ({ key: String(i), state: initialAnalyserState(), chunk: new TextEncoder().encode(log), settings })),
  );
  expect(pooled.sort((a, b) => Number(a.key) - Number(b.key)).map(({ state, findings }) => ({ state, findings }))).toEqual(inline);
  expect(inline.filter((result) => result.findings.some((finding) => finding.rule === 'repeated_error'))).toHaveLength(3);
});

it('never transfers memory shared with other buffers', () => {
  const shared = Buffer.from('a small buffer lives in the shared pool');
  expect(ownedBytes(shared).buffer).not.toBe(shared.buffer);
  const owned = new Uint8Array(8);
  expect(ownedBytes(owned)).toBe(owned);
});
