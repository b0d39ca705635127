/** One problem found in a template file, pinned to the place a person has to edit. */
export interface TemplateIssue {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The field as written in the YAML, e.g. `steps[3].depends_on[0]`; `(yaml)` for syntax errors. */
  field: string;
  message: string;
}

/** `file:line:column field: message`, the shape editors and terminals turn into links. */
export function formatIssue(issue: TemplateIssue): string {
  return `${issue.file}:${issue.line}:${issue.column} ${issue.field}: ${issue.message}`;
}

/** Thrown by loadTemplates with every problem found, not just the first. */
export class TemplateLoadError extends Error {
  readonly issues: readonly TemplateIssue[];

  constructor(issues: readonly TemplateIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`Templates are invalid (${count}):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'TemplateLoadError';
    this.issues = issues;
  }
}

export type FieldPath = readonly (string | number)[];

/** `['steps', 3, 'depends_on', 0]` → `steps[3].depends_on[0]`. */
export function formatFieldPath(path: FieldPath): string {
  if (path.length === 0) return '(root)';
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out === '' ? segment : `${out}.${segment}`;
  }, '');
}
