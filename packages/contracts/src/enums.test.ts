import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prismaEnums, severityAtLeast } from './enums';

/** `enum Name { a b c }` blocks of a Prisma schema, values in declaration order. */
function parsePrismaEnums(schema: string): Map<string, string[]> {
  const enums = new Map<string, string[]>();
  for (const match of schema.matchAll(/^enum\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const [, name, body] = match;
    if (name === undefined || body === undefined) continue;
    const values = body
      .split('\n')
      .map((line) => line.replace(/\/\/.*$/, '').trim())
      .filter((line) => line !== '' && !line.startsWith('@@'))
      .map((line) => line.split(/\s+/)[0] ?? '');
    enums.set(name, values);
  }
  return enums;
}

const schemaText = readFileSync(new URL('../../../prisma/schema.prisma', import.meta.url), 'utf8');
const prisma = parsePrismaEnums(schemaText);
const zodEnumValues = new Map<string, readonly string[]>(Object.entries(prismaEnums).map(([name, schema]) => [name, schema.options]));

describe('zod enums mirror the Prisma schema', () => {
  it('finds the enums in schema.prisma (the parser itself works)', () => {
    expect(prisma.size).toBeGreaterThanOrEqual(21);
    expect(prisma.get('TaskStatus')).toContain('waiting_for_hitl');
  });

  it('has a zod enum for every Prisma enum and none that Prisma lacks', () => {
    expect(Object.keys(prismaEnums).sort()).toEqual([...prisma.keys()].sort());
  });

  it.each([...prisma.entries()])('%s has the same values in the same order', (name, values) => {
    expect(zodEnumValues.get(name), `no zod enum named ${name}`).toEqual(values);
  });
});

describe('severityAtLeast', () => {
  it('orders severities from debug to critical', () => {
    expect(severityAtLeast('error', 'warning')).toBe(true);
    expect(severityAtLeast('warning', 'warning')).toBe(true);
    expect(severityAtLeast('info', 'warning')).toBe(false);
  });
});
