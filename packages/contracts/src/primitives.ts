import { z } from 'zod';

// Building blocks shared by every input schema, so that "an id", "a name" or "a page"
// is checked the same way (and fails with the same message) everywhere.

/**
 * A database id. Postgres's `uuid` type accepts any 128-bit hex value in the 8-4-4-4-12
 * shape, so the shape is what we check: insisting on RFC version bits would reject ids
 * that Postgres itself stores happily (fixtures, ids typed by hand in scripts).
 */
export const entityId = z.guid({ error: 'must be a UUID' });

/** A lone UTF-16 surrogate: not a character, so it has no UTF-8 form and Postgres refuses it in JSON. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Any text that may reach the database. Postgres stores neither NUL (text columns refuse
 * \u0000) nor unpaired surrogates, so both are refused here, once, with a message naming the
 * field, instead of failing deep in a write. Every string input is built on this.
 */
export function safeString(typeError = 'must be a string') {
  return z
    .string({ error: typeError })
    .refine((text) => !text.includes('\u0000'), 'must not contain a NUL character (\\u0000)')
    .refine((text) => !LONE_SURROGATE.test(text), 'must not contain an unpaired surrogate (text that is not valid Unicode)');
}

/**
 * A name that comes from a template file or configuration rather than the database:
 * agent roles ("coder"), workflow and template ids ("software-delivery"), provider
 * names ("openrouter"), persona ids ("project_manager"), capabilities.
 */
export const identifier = safeString()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "may contain only letters, digits, '.', '_' and '-', and must start with a letter or digit");

/** Text a person must fill in: trimmed, not blank, bounded. */
export function requiredText(maxLength: number) {
  return safeString().trim().min(1, 'must not be empty').max(maxLength, `must be at most ${maxLength} characters`);
}

/** Text that may be left out; blank is allowed because clearing a field is legitimate. */
export function optionalText(maxLength: number) {
  return safeString().trim().max(maxLength, `must be at most ${maxLength} characters`).optional();
}

/**
 * A whole number that may arrive as a number (tRPC, JSON bodies) or as a decimal string
 * (REST query strings, the CLI), so every transport can hand its input straight in.
 */
export function wholeNumber(bounds: { min: number; max: number }) {
  const fromString = z
    .string()
    .regex(/^\s*-?\d+\s*$/)
    .transform(Number);
  return z
    .union([z.number(), fromString], { error: 'must be a whole number' })
    .pipe(
      z
        .number()
        .int('must be a whole number')
        .min(bounds.min, `must be at least ${bounds.min}`)
        .max(bounds.max, `must be at most ${bounds.max}`),
    );
}

/** A list of ids with no repeats; a repeated id is almost always a client bug worth reporting. */
export function uniqueIds(maxItems: number) {
  return z
    .array(entityId)
    .max(maxItems, `must list at most ${maxItems} ids`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not list the same id twice');
}

/** A list of identifiers with no repeats (capabilities, participants). */
export function uniqueIdentifiers(maxItems: number) {
  return z
    .array(identifier)
    .max(maxItems, `must list at most ${maxItems} entries`)
    .refine((names) => new Set(names).size === names.length, 'must not list the same entry twice');
}

/** Template variables: `{{name}}` placeholders and the text that replaces them. */
export const templateVariables = z
  .record(
    // The placeholder syntax of the template renderer: `{{project_name}}`.
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'variable names must start with a letter or _ and contain only letters, digits and _'),
    safeString().max(100_000, 'a variable value must be at most 100000 characters'),
  )
  .refine((variables) => Object.keys(variables).length <= 100, 'at most 100 variables');

/** An ISO 8601 timestamp with a timezone, as every timestamp travels over the wire. */
export const isoTimestamp = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
