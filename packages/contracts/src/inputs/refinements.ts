import type { z } from 'zod';

/**
 * For update inputs: at least one field besides the target id must be present, because an
 * update that changes nothing is almost always a client bug (a misspelt field on a
 * non-strict client, a form that lost its state) and should say so rather than succeed.
 */
export function requireSomeChange(idField: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const changed = Object.entries(value).some(([key, fieldValue]) => key !== idField && fieldValue !== undefined);
    if (!changed) ctx.addIssue({ code: 'custom', message: 'must change at least one field', path: [] });
  };
}
