import { AppError } from '@quarterdeck/contracts';
import type { TemplateCatalog } from '@quarterdeck/contracts/templates';
import type { Db } from '@quarterdeck/db';
import type { z } from 'zod';

/** What every domain function needs. */
export interface DomainDeps {
  db: Db;
  catalog: TemplateCatalog;
}

/** Who asked (null for the system itself, or when auth is not configured). */
export interface Actor {
  userId: string | null;
}

/** Domain functions check their input again: a caller other than the API gets the same errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw AppError.fromZodError(parsed.error);
  return parsed.data;
}

/** Retry backoffs of failures a person causes (a terminated session) use the step's own timing. */
export const domainFailureConfig = { retryBackoffScale: 1 };
