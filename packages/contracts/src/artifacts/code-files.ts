// Code files as a developer finds them: at their declared paths, with an extension that says
// what they are, tests told apart from sources.

const LANGUAGE_EXTENSIONS: Record<string, string> = {
  typescript: 'ts',
  ts: 'ts',
  tsx: 'tsx',
  javascript: 'js',
  js: 'js',
  jsx: 'jsx',
  python: 'py',
  py: 'py',
  go: 'go',
  golang: 'go',
  rust: 'rs',
  java: 'java',
  kotlin: 'kt',
  swift: 'swift',
  ruby: 'rb',
  php: 'php',
  csharp: 'cs',
  'c#': 'cs',
  cpp: 'cpp',
  'c++': 'cpp',
  c: 'c',
  sql: 'sql',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  markdown: 'md',
  md: 'md',
  html: 'html',
  css: 'css',
  scss: 'scss',
  shell: 'sh',
  bash: 'sh',
  sh: 'sh',
  dart: 'dart',
  scala: 'scala',
  graphql: 'graphql',
  xml: 'xml',
};

/** Highlighter language names by extension (Prism's names). */
const EXTENSION_LANGUAGES: Record<string, string> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'jsx',
  py: 'python',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  swift: 'swift',
  rb: 'ruby',
  php: 'php',
  cs: 'csharp',
  cpp: 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  c: 'c',
  h: 'c',
  sql: 'sql',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  md: 'markdown',
  html: 'markup',
  xml: 'markup',
  svg: 'markup',
  css: 'css',
  scss: 'scss',
  sh: 'bash',
  bash: 'bash',
  graphql: 'graphql',
  dart: 'dart',
};

function extensionOf(path: string): string | null {
  const base = path.split('/').at(-1) ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : null;
}

/** The highlighter language of a file, from its extension (or the declared language); null for plain text. */
export function languageOfPath(path: string, declared?: string | null): string | null {
  const extension = extensionOf(path);
  if (extension !== null && EXTENSION_LANGUAGES[extension] !== undefined) return EXTENSION_LANGUAGES[extension];
  const byDeclared = declared ? LANGUAGE_EXTENSIONS[declared.toLowerCase()] : undefined;
  return byDeclared === undefined ? null : (EXTENSION_LANGUAGES[byDeclared] ?? null);
}

/**
 * A workspace path made safe for an archive: forward slashes, no `.` or empty segments, no
 * `..`, nothing absolute, and only characters every file system and unzip tool accepts.
 * Null when nothing is left.
 */
export function safeRelativePath(path: string): string | null {
  const segments = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .map((segment) =>
      segment
        .replace(/[^A-Za-z0-9._@+=,-]+/g, '_')
        .replace(/^\.+$/, '_')
        .slice(0, 120),
    )
    .filter((segment) => segment.length > 0);
  return segments.length === 0 ? null : segments.join('/');
}

/** A path without an extension gets the one its declared language has (`main` + python → `main.py`). */
export function withLanguageExtension(path: string, language?: string | null): string {
  if (extensionOf(path) !== null || !language) return path;
  const base = path.split('/').at(-1) ?? '';
  // Dockerfile, Makefile, LICENSE…: conventional names that have no extension.
  if (/^[A-Z][A-Za-z]*file$|^(LICENSE|README|CHANGELOG|Procfile)$/.test(base)) return path;
  const extension = LANGUAGE_EXTENSIONS[language.toLowerCase()];
  return extension === undefined ? path : `${path}.${extension}`;
}

const TEST_FOLDERS = new Set(['test', 'tests', '__tests__', 'spec', 'specs']);

/** A file laid out as a test: under a top-level test folder, or named like one (`x.test.ts`, `test_x.py`, `x_test.go`). */
export function isTestPath(path: string): boolean {
  const segments = path.split('/');
  const base = segments.at(-1) ?? '';
  return (
    TEST_FOLDERS.has(segments[0] ?? '') ||
    /\.(test|spec)\.[A-Za-z0-9]+$/.test(base) ||
    /^test_.+\.py$/.test(base) ||
    /_test\.(go|py|rb|exs)$/.test(base)
  );
}

/**
 * Where a code file goes in the bundle: `tests/` for files the coder laid out in a top-level
 * test folder, `src/` for everything else, each at its declared path (a leading `src/` or test
 * folder is not repeated). A test beside its source stays beside it, so relative imports hold.
 */
export function bundleCodePath(declaredPath: string): { path: string; kind: 'source' | 'test' } {
  const segments = declaredPath.split('/');
  const first = segments[0] ?? '';
  if (TEST_FOLDERS.has(first) && segments.length > 1) return { path: `tests/${segments.slice(1).join('/')}`, kind: 'test' };
  const rest = first === 'src' && segments.length > 1 ? segments.slice(1).join('/') : declaredPath;
  return { path: `src/${rest}`, kind: isTestPath(declaredPath) ? 'test' : 'source' };
}
