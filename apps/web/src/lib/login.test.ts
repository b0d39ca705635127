import { describe, expect, it } from 'vitest';
import { extractLoginToken } from './login';

describe('extractLoginToken', () => {
  it('takes a pasted token as it is, trimmed', () => {
    expect(extractLoginToken('  qd_abc123  ')).toBe('qd_abc123');
  });

  it('takes the token out of a one-time login link', () => {
    expect(extractLoginToken('http://localhost:3333/login?token=one-time-xyz')).toBe('one-time-xyz');
    // The form the API prints on first start.
    expect(extractLoginToken('http://localhost:3333/login?link=qd_abc-DEF_123')).toBe('qd_abc-DEF_123');
    expect(extractLoginToken('https://qd.example.org/login#token=frag-123')).toBe('frag-123');
    expect(extractLoginToken('https://qd.example.org/login/path-456')).toBe('path-456');
  });

  it('refuses empty input, a link without a token, and text with spaces', () => {
    expect(extractLoginToken('   ')).toBeNull();
    expect(extractLoginToken('http://localhost:3333/projects')).toBeNull();
    expect(extractLoginToken('not a token')).toBeNull();
  });
});
