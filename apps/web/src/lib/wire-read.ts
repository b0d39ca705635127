import type { JsonValue } from '../types';

// Readers for fields that travel in a loosely-declared API row (typed `unknown` on the
// client). Each returns the fallback when the field is absent or of another type, so a
// renamed field shows as "not given" instead of breaking the page.

export function readString(row: Record<string, unknown>, key: string): string | null {
  const value = row[key];
  return typeof value === 'string' ? value : null;
}

export function readNumber(row: Record<string, unknown>, key: string): number | null {
  const value = row[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function readBoolean(row: Record<string, unknown>, key: string): boolean {
  return row[key] === true;
}

export function readStrings(row: Record<string, unknown>, key: string): string[] {
  const value = row[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function readObject(row: Record<string, unknown>, key: string): Record<string, unknown> | null {
  const value = row[key];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : null;
}

/** Stored JSON as the page types describe it; anything JSON.parse could not have produced becomes null. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, toJsonValue(field)]));
  return null;
}
