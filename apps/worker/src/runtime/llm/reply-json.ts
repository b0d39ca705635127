import type { ValidationIssue } from '@quarterdeck/contracts';

export type ReplyJson = { ok: true; value: unknown } | { ok: false; errors: ValidationIssue[] };

/**
 * The JSON object in a model's reply. Models asked for JSON still wrap it in code fences or
 * a sentence now and then; the outermost {…} is taken rather than failing on the wrapping.
 */
export function extractReplyJson(reply: string): ReplyJson {
  const unfenced = reply.replace(/```(?:json)?/gi, '');
  const start = unfenced.indexOf('{');
  const end = unfenced.lastIndexOf('}');
  if (start === -1 || end < start) return { ok: false, errors: [{ path: '', message: 'the reply holds no JSON object' }] };
  try {
    return { ok: true, value: JSON.parse(unfenced.slice(start, end + 1)) };
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: '', message: `the reply is not valid JSON (${error instanceof Error ? error.message : String(error)})` }],
    };
  }
}
