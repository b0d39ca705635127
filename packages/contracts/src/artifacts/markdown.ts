// Markdown building blocks that keep content as text. Anything an agent wrote is escaped, so
// a requirement that starts with "# " stays a requirement, `<script>` stays visible text, and
// code containing ``` cannot close its own fence.

/** Characters with inline meaning in CommonMark (and GFM tables / strikethrough). */
const INLINE_SPECIAL = /[\\`*_[\]<>|~]/g;

/** One line of text as inline Markdown: every character that could start markup is escaped. */
function escapeLine(line: string): string {
  let escaped = line
    .replace(INLINE_SPECIAL, (char) => `\\${char}`)
    // An entity (&amp; &#60;) would turn into the character it names.
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
  // Block markers only count at the start of a line (after up to 3 spaces, which we drop).
  escaped = escaped.replace(/^\s+/, '');
  if (/^(#|>|-|\+|=)/.test(escaped)) escaped = `\\${escaped}`;
  escaped = escaped.replace(/^(\d+)([.)])/, '$1\\$2');
  return escaped;
}

/** Text for a heading, table cell or list item title: one line, escaped. */
export function inlineText(text: string): string {
  return escapeLine(text.replace(/\s*\n\s*/g, ' ').trim());
}

/** Text as paragraphs: lines kept (as hard line breaks), blank lines separate paragraphs, everything escaped. */
export function paragraphs(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => escapeLine(line))
        .filter((line) => line.length > 0)
        .join('\\\n'),
    )
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

/** A bullet list; an item of several lines continues indented under its bullet. */
export function bulletList(items: readonly string[]): string {
  return items.map((item) => `- ${indentContinuation(paragraphs(item), '  ')}`).join('\n');
}

/** A numbered list (rendered numbers are the item's position). */
export function numberedList(items: readonly string[]): string {
  return items.map((item, index) => `${index + 1}. ${indentContinuation(paragraphs(item), '   ')}`).join('\n');
}

/** A task list (GFM checkboxes), for acceptance criteria and tested items. */
export function checkList(items: readonly string[], checked: boolean): string {
  return items.map((item) => `- [${checked ? 'x' : ' '}] ${indentContinuation(paragraphs(item), '  ')}`).join('\n');
}

function indentContinuation(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line, index) => (index === 0 || line.length === 0 ? line : `${indent}${line}`))
    .join('\n');
}

export function heading(level: 1 | 2 | 3 | 4, text: string): string {
  return `${'#'.repeat(level)} ${inlineText(text)}`;
}

/** A fenced code block whose fence is longer than any backtick run inside the code. */
export function codeBlock(code: string, language?: string | null): string {
  const longestRun = Math.max(0, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  const info = (language ?? '').replace(/[^A-Za-z0-9_+#.-]/g, '');
  return `${fence}${info}\n${code.endsWith('\n') ? code : `${code}\n`}${fence}`;
}

/** A GFM table; cells are single-line escaped text. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => inlineText(cell) || ' ').join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** A link to another file of the bundle; the label is escaped and the path written so spaces and parentheses survive. */
export function fileLink(label: string, path: string): string {
  const destination = path.replace(/[<>\n]/g, '').replace(/ /g, '%20');
  return `[${inlineText(label)}](<${destination}>)`;
}

/** Sections joined by blank lines; empty ones left out; one newline at the end. */
export function document(...sections: ReadonlyArray<string | null | false | undefined>): string {
  return `${sections.filter((section): section is string => typeof section === 'string' && section.trim().length > 0).join('\n\n')}\n`;
}
