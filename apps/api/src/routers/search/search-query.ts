// How a person's query becomes Postgres text-search terms, and how an id (or the start of
// one) is recognised. Pure, so the rules are tested without a database.

/** The text-search configuration every document and query is parsed with. */
export const SEARCH_CONFIG = 'english';

/** An id's first characters find it from this many hex digits on (fewer match too many ids by chance). */
export const MIN_ID_PREFIX_DIGITS = 6;

/** The last word also matches as a prefix from this length on (shorter prefixes expand to too many words). */
export const MIN_PREFIX_WORD_LENGTH = 3;

export interface IdRange {
  /** Lowest and highest UUID that start with the typed digits. */
  low: string;
  high: string;
}

/**
 * A query that is a UUID, or the start of one (at least MIN_ID_PREFIX_DIGITS hex digits,
 * dashes where a UUID has them), as the range of ids it covers; otherwise null.
 * UUIDs order like their hex text, so the range is a primary-key range scan.
 */
export function idRangeOf(query: string): IdRange | null {
  const text = query.trim().toLowerCase();
  if (!/^[0-9a-f-]+$/.test(text) || text.length > 36) return null;
  const digits = text.replace(/-/g, '');
  if (digits.length < MIN_ID_PREFIX_DIGITS) return null;
  // Dashes, when typed, must be where a UUID has them (8-4-4-4-12).
  const dashes = [...text].flatMap((char, index) => (char === '-' ? [index] : []));
  if (dashes.some((index) => ![8, 13, 18, 23].includes(index))) return null;
  const format = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return { low: format(digits.padEnd(32, '0')), high: format(digits.padEnd(32, 'f')) };
}

export interface TsQueryPlan {
  /** SQL for the tsquery, with $-placeholders numbered from `firstParam`. */
  sql: string;
  params: string[];
}

/**
 * Web-search syntax (`"a phrase"`, `-word`, `or`) through `websearch_to_tsquery`. A query of
 * plain words (no quotes, minus or `or`) also matches its last word as a prefix, so a name
 * typed halfway ("night sh") already finds "Night shift habits".
 */
export function tsQueryPlan(query: string, firstParam: number): TsQueryPlan {
  const text = query.trim();
  const words = text.split(/\s+/u);
  const last = words.at(-1) ?? '';
  const plainWords = /^[\p{L}\p{N}\s]+$/u.test(text) && !words.some((word) => word.toLowerCase() === 'or');
  if (plainWords && [...last].length >= MIN_PREFIX_WORD_LENGTH) {
    const head = words.slice(0, -1).join(' ');
    return {
      sql: `(websearch_to_tsquery('${SEARCH_CONFIG}', $${firstParam}) && to_tsquery('${SEARCH_CONFIG}', $${firstParam + 1} || ':*'))`,
      // The word is letters and digits only, so it cannot carry tsquery operators.
      params: [head, last],
    };
  }
  return { sql: `websearch_to_tsquery('${SEARCH_CONFIG}', $${firstParam})`, params: [text] };
}

export interface SnippetSegment {
  text: string;
  highlighted: boolean;
}

/** Marks ts_headline puts around matches: control characters, removed from the text beforehand, so content cannot fake them. */
export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';

/** ts_headline's output split at the match marks. */
export function snippetSegments(headline: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let rest = headline;
  while (rest.length > 0) {
    const start = rest.indexOf(MATCH_START);
    if (start === -1) {
      segments.push({ text: rest, highlighted: false });
      break;
    }
    if (start > 0) segments.push({ text: rest.slice(0, start), highlighted: false });
    const end = rest.indexOf(MATCH_END, start + 1);
    const stop = end === -1 ? rest.length : end;
    segments.push({ text: rest.slice(start + 1, stop), highlighted: true });
    rest = end === -1 ? '' : rest.slice(end + 1);
  }
  return mergeNeighbours(segments.filter((segment) => segment.text.length > 0));
}

/** Adjacent segments of the same kind become one ("night" + " " + "shift" stays readable). */
function mergeNeighbours(segments: SnippetSegment[]): SnippetSegment[] {
  const merged: SnippetSegment[] = [];
  for (const segment of segments) {
    const previous = merged.at(-1);
    if (previous !== undefined && previous.highlighted === segment.highlighted) previous.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Segments as HTML: all content escaped, matches wrapped in <mark>. */
export function snippetHtml(segments: readonly SnippetSegment[]): string {
  return segments.map((segment) => (segment.highlighted ? `<mark>${escapeHtml(segment.text)}</mark>` : escapeHtml(segment.text))).join('');
}
