import type { z } from 'zod';

/** One validation problem, as shown to a person or fed back to an LLM for repair. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `content.user_stories[2]` or `config.failover[0].model`; '' for the whole value. */
  path: string;
  message: string;
}

/** `['content', 'files', 0, 'path']` → `content.files[0].path`; odd keys are quoted: `variables["my var"]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/**
 * Zod issues as a flat list of {path, message}. An unknown field is reported at its own
 * path ("priorty: is not a known field") rather than as a list on its parent, because the
 * person fixing the input looks for the field they mistyped.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatIssuePath([...path, key]), message: 'is not a known field' });
    } else {
      out.push({ path: formatIssuePath(path), message: issue.message });
    }
  }
  return out;
}

/** One line per issue, for logs, error messages and LLM repair prompts. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`)).join('\n');
}
