import { describe, expect, it } from 'vitest';
import { analyseChunk, type ContentRuleSettings } from './analyse-log';
import { initialAnalyserState, type AnalyserState } from './analyser-state';
import type { Finding } from './finding';

const settings: ContentRuleSettings = { repeatedErrorCount: 3, repetitionLoopCount: 5 };
const encode = (text: string) => new TextEncoder().encode(text);

function analyseWhole(log: string, rules: ContentRuleSettings = settings): { state: AnalyserState; findings: Finding[] } {
  return analyseChunk(initialAnalyserState(), encode(log), 1_000, rules);
}

function analyseInChunks(log: string, cuts: number[], rules: ContentRuleSettings = settings) {
  const bytes = encode(log);
  let state = initialAnalyserState();
  const findings: Finding[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const result = analyseChunk(state, bytes.slice(from, cut), 1_000, rules);
    state = result.state;
    findings.push(...result.findings);
    from = cut;
  }
  return { state, findings };
}

const rulesOf = (findings: Finding[]) => findings.map((finding) => finding.rule);

describe('repeated error', () => {
  it('fires on the third occurrence of the same error even when numbers, ids, paths and times change', () => {
    const log = [
      '[tool] bash npm test',
      '2025-01-02T10:00:01Z Error: connect ECONNREFUSED 127.0.0.1:5432 in /home/a/app/db.ts after 3012 ms (req 7f3e2a1c)',
      'retrying',
      '2025-01-02T10:00:09Z Error: connect ECONNREFUSED 127.0.0.1:5433 in /home/b/app/db2.ts after 2987 ms (req 0b9d4e2f)',
      'retrying',
      '2025-01-02T10:00:15Z Error: connect ECONNREFUSED 10.0.0.7:5432 in /srv/app/db.ts after 12 ms (req 5a6b7c8d-1111-2222-3333-444455556666)',
      '',
    ].join('\n');
    // The timestamp is at the line start, so the error marker is mid-line: lines like these
    // are how runtimes print; the rule must still see them.
    const { findings } = analyseWhole(log.replaceAll('Z Error:', 'Z\nError:'));
    expect(rulesOf(findings)).toEqual(['repeated_error']);
    expect(findings[0]?.evidence).toHaveLength(3);
    expect(findings[0]?.evidence[2]).toContain('10.0.0.7:5432');
  });

  it('recognises the error forms of compilers, runtimes and the runtime marker', () => {
    for (const line of [
      'src/a.ts(3,4): error TS2345: Argument of type',
      'TypeError: x is not a function',
      '[error] tool failed: exit 1',
      'npm ERR! code ELIFECYCLE',
      'Traceback (most recent call last):',
    ]) {
      const { findings } = analyseWhole(`${line}\n${line}\n${line}\n`);
      expect(rulesOf(findings), line).toEqual(['repeated_error']);
    }
  });

  it('does not fire for two repeats, for three different errors, or for lines that merely mention errors', () => {
    expect(analyseWhole('Error: disk full\nok\nError: disk full\n').findings).toEqual([]);
    expect(analyseWhole('Error: disk full\nError: permission denied\nError: module not found\n').findings).toEqual([]);
    const chatter = [
      '0 errors, 0 warnings',
      'Improved error handling in the parser',
      'ErrorBoundary renders the fallback',
      'no errors found',
    ];
    expect(analyseWhole([...chatter, ...chatter, ...chatter, ''].join('\n')).findings).toEqual([]);
  });

  it('uses the configured count', () => {
    const log = 'Error: flaky\n'.repeat(4);
    expect(analyseWhole(log, { ...settings, repeatedErrorCount: 5 }).findings).toEqual([]);
    expect(rulesOf(analyseWhole(log, { ...settings, repeatedErrorCount: 4 }).findings)).toEqual(['repeated_error']);
  });
});

describe('repetition loop', () => {
  const step = (action: string, result: string) => `[tool] ${action}\n${result}\n`;

  it('fires when the same action gives the same result five times in a row, timestamps and durations aside', () => {
    const log =
      Array.from({ length: 5 }, (_, i) =>
        step('bash curl http://localhost:3000/health', `2025-01-02T10:0${i}:00Z status: starting (took ${100 + i * 37} ms)`),
      ).join('') + '[tool] bash next\n';
    const { findings } = analyseWhole(log);
    expect(rulesOf(findings)).toEqual(['repetition_loop']);
    expect(findings[0]?.evidence).toHaveLength(5);
    expect(findings[0]?.evidence[0]).toContain('curl http://localhost:3000/health');
  });

  it('fires on two alternating actions with unchanging results', () => {
    const pair = step('edit src/a.ts', 'applied 1 change') + step('bash npm test', '1 test failed: expected 2, got 3');
    const { findings } = analyseWhole(pair.repeat(5) + '[tool] bash next\n');
    expect(rulesOf(findings)).toEqual(['repetition_loop']);
    expect(findings[0]?.summary).toContain('alternated');
  });

  it('does not fire when the result changes (progress), or for four repeats', () => {
    const progress = Array.from({ length: 8 }, (_, i) => step('bash npm test', `${8 - i} tests failed`)).join('') + '[tool] bash done\n';
    expect(analyseWhole(progress).findings).toEqual([]);
    const four = step('bash make', 'nothing to be done').repeat(4) + '[tool] bash next\n';
    expect(analyseWhole(four).findings).toEqual([]);
    const almostAlternating = (step('a', 'x') + step('b', 'y')).repeat(4) + step('a', 'x') + '[tool] c\n';
    expect(analyseWhole(almostAlternating).findings).toEqual([]);
  });

  it('uses the configured count', () => {
    const log = step('bash make', 'nothing to be done').repeat(3) + '[tool] bash next\n';
    expect(rulesOf(analyseWhole(log, { ...settings, repetitionLoopCount: 3 }).findings)).toEqual(['repetition_loop']);
    expect(analyseWhole(log, { ...settings, repetitionLoopCount: 4 }).findings).toEqual([]);
  });
});

describe('asked for a human', () => {
  it.each([
    'I need human help to get the credentials.',
    'Waiting for user input...',
    'Please advise on which schema to use.',
    'I cannot proceed without your guidance here',
    '[needs_human] which region?',
  ])('fires on "%s"', (line) => {
    const { findings } = analyseWhole(`working\n${line}\n`);
    expect(rulesOf(findings)).toEqual(['asked_for_human']);
    expect(findings[0]?.evidence).toEqual([line]);
  });

  it.each(['The user can now log in.', 'Human-readable output enabled', 'Added a help flag for users', 'Reviewed your changes: all good'])(
    'does not fire on "%s"',
    (line) => {
      expect(analyseWhole(`${line}\n`).findings).toEqual([]);
    },
  );
});

describe('incremental analysis', () => {
  // A log that trips every content rule, with multi-byte characters so that chunk cuts land
  // inside UTF-8 sequences as well as inside lines.
  const log = [
    '[tool] bash ls — überprüfen 🚀',
    'Error: cannot open /tmp/x1/a.txt',
    '[tool] bash cat ü.txt',
    'Error: cannot open /tmp/x2/b.txt',
    ...Array.from({ length: 6 }, () => '[tool] bash poll\nstatus: pending ⏳'),
    'Error: cannot open /tmp/x3/c.txt',
    'I need human help with the ✓ token',
    '[tool] bash tail',
    'trailing partial line without newline ✓',
  ].join('\n');

  it('gives the same findings and state as analysing the whole log, wherever the chunks are cut', () => {
    const whole = analyseWhole(log);
    expect(new Set(rulesOf(whole.findings))).toEqual(new Set(['repeated_error', 'repetition_loop', 'asked_for_human']));
    const length = encode(log).length;
    for (let size = 1; size <= 64; size += 7) {
      const cuts = Array.from({ length: Math.floor((length - 1) / size) }, (_, i) => (i + 1) * size);
      expect(analyseInChunks(log, cuts), `chunks of ${size} bytes`).toEqual(whole);
    }
    let seed = 7;
    for (let round = 0; round < 50; round++) {
      const cuts = new Set<number>();
      for (let i = 0; i < 12; i++) {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        cuts.add(1 + (seed % (length - 1)));
      }
      expect(
        analyseInChunks(
          log,
          [...cuts].sort((a, b) => a - b),
        ),
      ).toEqual(whole);
    }
  });

  it('keeps an unfinished last line for the next chunk and counts every byte in the offset', () => {
    const first = analyseChunk(initialAnalyserState(), encode('Error: a\nError: '), 1, settings);
    expect(first.state.offset).toBe(16);
    expect(first.state.errors.map((entry) => entry.count)).toEqual([1]);
    const second = analyseChunk(first.state, encode('a\n'), 2, settings);
    expect(second.state.errors.map((entry) => entry.count)).toEqual([2]);
    expect(second.state.partial).toBe('');
  });

  it('does not change the state it was given', () => {
    const before = analyseWhole('[tool] a\nError: x\n').state;
    const snapshot = structuredClone(before);
    analyseChunk(before, encode('[tool] b\nError: x\nError: x\n'), 2, settings);
    expect(before).toEqual(snapshot);
  });
});
