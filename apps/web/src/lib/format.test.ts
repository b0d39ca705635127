import { describe, expect, it } from 'vitest';
import schema from '../../../../prisma/schema.prisma?raw';
import {
  PRISMA_ENUM_OF_KIND,
  STATUS_DISPLAY,
  compareEventIds,
  formatCostUsd,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatRelativeTime,
  formatTokens,
  humanizeEventType,
  statusDisplay,
  statusValues,
  type StatusKind,
} from './format';

function prismaEnums(source: string): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const match of source.matchAll(/^enum\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const [, name, body] = match;
    if (name === undefined || body === undefined) continue;
    const values = body
      .split('\n')
      .map((line) => line.replace(/\/\/.*$/, '').trim())
      .filter((line) => line.length > 0);
    enums.set(name, values);
  }
  return enums;
}

describe('status display', () => {
  const enums = prismaEnums(schema);
  const kinds = Object.keys(PRISMA_ENUM_OF_KIND) as StatusKind[];

  it('has a label and a tone for every value of every status enum in the Prisma schema', () => {
    for (const kind of kinds) {
      const enumName = PRISMA_ENUM_OF_KIND[kind];
      const schemaValues = enums.get(enumName);
      expect(schemaValues, `enum ${enumName} in schema.prisma`).toBeDefined();
      expect([...statusValues(kind)].sort(), `values of ${enumName}`).toEqual([...(schemaValues ?? [])].sort());
      for (const display of Object.values(STATUS_DISPLAY[kind])) {
        expect(display.label.length).toBeGreaterThan(0);
      }
    }
  });

  it('covers every status-like enum the schema declares', () => {
    const statusLike = [...enums.keys()].filter((name) => /(Status|Result|Severity|Priority|Phase)$/.test(name));
    const covered = new Set(Object.values(PRISMA_ENUM_OF_KIND));
    expect(statusLike.filter((name) => !covered.has(name))).toEqual([]);
  });

  it('maps a value to its label and tone', () => {
    expect(statusDisplay('task', 'waiting_for_hitl')).toEqual({ label: 'Waiting for a human', tone: 'warning' });
    expect(statusDisplay('agent', 'stuck').tone).toBe('danger');
  });
});

describe('formatRelativeTime', () => {
  const now = Date.parse('2025-01-10T12:00:00Z');

  it('says "just now" for the last few seconds', () => {
    expect(formatRelativeTime('2025-01-10T11:59:55Z', now)).toBe('just now');
  });

  it('uses the largest whole unit', () => {
    expect(formatRelativeTime('2025-01-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelativeTime('2025-01-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatRelativeTime('2025-01-09T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelativeTime('2025-01-10T14:00:00Z', now)).toBe('in 2 hours');
  });

  it('does not throw on a malformed date', () => {
    expect(formatRelativeTime('not a date', now)).toBe('unknown time');
  });
});

describe('formatDuration', () => {
  it('picks units by magnitude', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(42_000)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration((2 * 60 + 14) * 60_000)).toBe('2 h 14 min');
    expect(formatDuration((3 * 24 + 4) * 3_600_000)).toBe('3 d 4 h');
  });

  it('treats a negative duration (clock skew) as zero', () => {
    expect(formatDuration(-5)).toBe('0 ms');
  });

  it('measures a running span up to now', () => {
    const now = Date.parse('2025-01-10T12:01:00Z');
    expect(formatElapsed('2025-01-10T12:00:00Z', null, now)).toBe('1 min 00 s');
    expect(formatElapsed('2025-01-10T12:00:00Z', '2025-01-10T12:00:30Z', now)).toBe('30 s');
  });
});

describe('numbers', () => {
  it('abbreviates token counts', () => {
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(1234)).toBe('1.23k');
    expect(formatTokens(12_340)).toBe('12.3k');
    expect(formatTokens(1_250_000)).toBe('1.25M');
    expect(formatTokens(2_000_000)).toBe('2M');
  });

  it('formats costs with enough precision for cheap calls', () => {
    expect(formatCostUsd('0.001234')).toBe('$0.0012');
    expect(formatCostUsd(12.5)).toBe('$12.50');
    expect(formatCostUsd('0')).toBe('$0');
    expect(formatCostUsd('abc')).toBe('—');
  });

  it('clamps percentages', () => {
    expect(formatPercent(42.4)).toBe('42%');
    expect(formatPercent(140)).toBe('100%');
  });
});

describe('humanizeEventType', () => {
  it('turns a dotted event type into a sentence', () => {
    expect(humanizeEventType('task.completed')).toBe('Task completed');
    expect(humanizeEventType('hitl.request_created')).toBe('Hitl request created');
  });
});

describe('compareEventIds', () => {
  it('orders bigint ids numerically, not as text', () => {
    expect(['10', '9', '100', '11'].sort(compareEventIds)).toEqual(['9', '10', '11', '100']);
  });
});
