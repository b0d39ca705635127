// Two normalisations of a log line. Errors are normalised hard (every number, path, id and
// timestamp becomes a placeholder) so that "timeout after 3012 ms in /tmp/a1/x.ts" and
// "timeout after 2987 ms in /tmp/b7/y.ts" count as the same error. Loop signatures are
// normalised softly (only values that change on every repeat without meaning progress:
// timestamps, ids, durations) because a plain number in a result ("3 tests failed" →
// "2 tests failed") is usually the progress that tells a loop from a retry that works.

const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const CLOCK_TIME = /\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
// Hex ids: 0x-prefixed, or runs of 7+ hex digits that contain at least one digit (commit
// hashes, object ids) so plain words like "deadbeef"-free prose is left alone.
const HEX_ID = /\b(?:0x[0-9a-f]+|(?=[0-9a-f]*\d)[0-9a-f]{7,})\b/gi;
// Absolute or relative paths with at least one separator; Windows drive paths too.
const PATH = /(?:[A-Za-z]:)?(?:\.{0,2}[\\/])?(?:[\w.@-]+[\\/])+[\w.@-]*/g;
const NUMBER = /\d+(?:\.\d+)?/g;
const SPACES = /\s+/g;

/** The key under which two occurrences of "the same error" are counted. */
export function normaliseError(line: string): string {
  return line
    .replace(ISO_TIMESTAMP, '<time>')
    .replace(CLOCK_TIME, '<time>')
    .replace(UUID, '<id>')
    .replace(HEX_ID, '<id>')
    .replace(PATH, '<path>')
    .replace(NUMBER, '<n>')
    .replace(SPACES, ' ')
    .trim()
    .slice(0, 500);
}

// In a loop step, a run starting at a digit is volatile when it is long (5+ characters:
// times, ids, hashes, byte counts) or a duration ("12ms", "1.5s", "612 ms"); short plain
// numbers are kept, because "3 failed" → "2 failed" is progress, not a loop.
const VOLATILE = /\d[\w:.+-]{4,}|\d[\w:.+-]*[A-Za-z]\b|\d+(?:\.\d+)? (?:ms|s|sec|secs|seconds|min|mins|minutes|h)\b/g;

/**
 * A 53-bit hash (cyrb53) of a loop step (its action and result samples) as compared between
 * repeats, volatile values replaced. Signatures are compared, never shown.
 */
export function stepSignature(parts: readonly string[]): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const part of parts) {
    // replace() returns a flat string; concatenating here would make a rope, whose
    // charCodeAt is several times slower.
    const text = part.replace(VOLATILE, '\u0001');
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : 0;
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
