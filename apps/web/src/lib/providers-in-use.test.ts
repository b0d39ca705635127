import { describe, expect, it } from 'vitest';
import { providersInUse } from './providers-in-use';

describe('providersInUse', () => {
  it('lists each LLM provider once with the model most of its agents use, and skips CLI agents', () => {
    const rows = providersInUse([
      { runtime: 'llm', provider: 'openrouter', model: 'small' },
      { runtime: 'llm', provider: 'openrouter', model: 'large' },
      { runtime: 'llm', provider: 'openrouter', model: 'large' },
      { runtime: 'llm', provider: 'simulated', model: 'simulated' },
      { runtime: 'cli', provider: 'simulated', model: 'coder-cli' },
    ]);
    expect(rows.map((row) => [row.id, row.defaultModel])).toEqual([
      ['openrouter', 'large'],
      ['simulated', 'simulated'],
    ]);
  });

  it('is empty when there are no LLM agents', () => {
    expect(providersInUse([])).toEqual([]);
  });
});
