import { Prisma } from '@quarterdeck/db';

// tRPC here has no data transformer, so whatever a procedure returns goes through
// JSON.stringify: a Date would arrive as a string while its inferred type still says Date,
// a bigint (event ids) would throw, and a Prisma Decimal would arrive as a string. Procedures
// return `toWire(row)` so the inferred client type is exactly what travels.

export type Wire<T> = T extends Date
  ? string
  : T extends bigint
    ? string
    : T extends Prisma.Decimal
      ? number
      : T extends readonly (infer Item)[]
        ? Wire<Item>[]
        : T extends object
          ? { [K in keyof T]: Wire<T[K]> }
          : T;

export function toWire<T>(value: T): Wire<T> {
  return convert(value) as Wire<T>;
}

function convert(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (value instanceof Date) return value.toISOString();
  if (Prisma.Decimal.isDecimal(value)) return Number(value.toString());
  if (Array.isArray(value)) return value.map(convert);
  const converted: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) converted[key] = convert(field);
  return converted;
}
