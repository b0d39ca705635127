import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor, StreamRedactor, passwordOf } from './redact';
import { secretValuesOf } from './secret-policy';

const KEY = 'my-very-own-provider-key-1234';

function redactorWith(...values: string[]) {
  const redactor = new Redactor();
  redactor.register(...values);
  return redactor;
}

describe('Redactor', () => {
  it('replaces registered values wherever they appear', () => {
    const redactor = redactorWith(KEY);
    expect(redactor.redact(`Incorrect API key provided: ${KEY}. You can find your API key at …`)).toBe(
      `Incorrect API key provided: ${REDACTED}. You can find your API key at …`,
    );
  });

  it('replaces key shapes nobody registered: tokens, sk- keys, bearer credentials, URL passwords', () => {
    const redactor = new Redactor();
    const token = `qd_${'A'.repeat(43)}`;
    expect(redactor.redact(`token ${token} used`)).toBe(`token ${REDACTED} used`);
    expect(redactor.redact('key sk-proj-abcdefghijklmnopqrstuvwx rejected')).toBe(`key ${REDACTED} rejected`);
    expect(redactor.redact('sent Authorization: Bearer abc.def-ghi_jkl')).toBe(`sent Authorization: Bearer ${REDACTED}`);
    expect(redactor.redact('postgresql://quarterdeck:s3cr%40t@db.internal:5432/qd refused')).toBe(
      `postgresql://quarterdeck:${REDACTED}@db.internal:5432/qd refused`,
    );
    // A token's display prefix (what the token list shows) stays readable.
    expect(redactor.redact('qd_AbCdEfGh')).toBe('qd_AbCdEfGh');
  });

  it('ignores values too short to be keys, which would blank out ordinary words', () => {
    expect(redactorWith('admin', '').redact('the admin user')).toBe('the admin user');
  });

  it('redacts every string of a nested value and leaves the rest alone', () => {
    const redactor = redactorWith(KEY);
    expect(redactor.redactDeep({ summary: `uses ${KEY}`, files: [{ path: 'a.ts', content: KEY }], count: 2, ok: true })).toEqual({
      summary: `uses ${REDACTED}`,
      files: [{ path: 'a.ts', content: REDACTED }],
      count: 2,
      ok: true,
    });
  });
});

describe('StreamRedactor', () => {
  it('catches a secret split across chunks, at every split point', () => {
    const redactor = redactorWith(KEY);
    const text = `the key is ${KEY} and a token sk-abcdefghijklmnopqrstu, done`;
    for (let split = 1; split < text.length; split++) {
      const stream = new StreamRedactor(redactor);
      const out = stream.push(text.slice(0, split)) + stream.push(text.slice(split)) + stream.end();
      expect(out, `split at ${split}`).toBe(`the key is ${REDACTED} and a token ${REDACTED}, done`);
    }
  });

  it('passes ordinary prose through as it arrives, holding back only a trailing word', () => {
    const stream = new StreamRedactor(redactorWith(KEY));
    expect(stream.push('Hello there, wor')).toBe('Hello there, ');
    expect(stream.push('ld.\n')).toBe('world.\n');
    expect(stream.end()).toBe('');
  });
});

describe('secretValuesOf', () => {
  it('takes the allowed keys that are set and the database password, but not the embedded server’s public one', () => {
    expect(
      secretValuesOf(
        { OPENAI_API_KEY: KEY, OTHER: 'not-allowed-value', OPENROUTER_API_KEY: '' },
        ['OPENAI_API_KEY', 'OPENROUTER_API_KEY'],
        'postgres://u:hunter2-db-pass@h/db',
      ),
    ).toEqual([KEY, 'hunter2-db-pass']);
    expect(secretValuesOf({}, [], 'postgresql://postgres:quarterdeck@127.0.0.1:54329/quarterdeck')).toEqual([]);
    expect(passwordOf('not a url')).toBeNull();
  });
});
