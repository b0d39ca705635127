/**
 * YAML parsing that remembers where every value came from, so validation errors found
 * long after parsing (by zod, or by cross-file checks) can still point at a line.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { FieldPath, TemplateIssue } from './issues';
import { formatFieldPath } from './issues';

export interface YamlSource {
  file: string;
  /** The plain JavaScript value of the document; undefined when it had syntax errors. */
  data: unknown;
  /** YAML syntax errors (and duplicate keys); when non-empty, `data` is undefined. */
  syntaxIssues: TemplateIssue[];
  /** An issue for `path`, placed at that field, or at its nearest existing parent. */
  issueAt(path: FieldPath, message: string): TemplateIssue;
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });

  const positionOf = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };

  const syntaxIssues = doc.errors.map((error): TemplateIssue => ({
    file,
    ...positionOf(error.pos[0]),
    field: '(yaml)',
    message: error.message,
  }));

  return {
    file,
    data: syntaxIssues.length === 0 ? doc.toJS() : undefined,
    syntaxIssues,
    issueAt(path, message) {
      return { file, ...positionOf(offsetOf(doc, path)), field: formatFieldPath(path), message };
    },
  };
}

/**
 * Walks `path` through the document's nodes. A map entry resolves to its key (the line a
 * person reads as "the field"), a sequence item to the item; a segment that does not
 * exist stops the walk at the deepest node found, e.g. the step missing a required key.
 */
function offsetOf(doc: Document, path: FieldPath): number {
  let node: Node | null = doc.contents;
  let offset = node?.range?.[0] ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) break;
      const key: unknown = pair.key;
      offset = isScalar(key) && key.range ? key.range[0] : offset;
      const value: unknown = pair.value;
      node = isMap(value) || isSeq(value) || isScalar(value) ? value : null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!(isMap(item) || isSeq(item) || isScalar(item))) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}
