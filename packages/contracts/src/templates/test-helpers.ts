/** Temp-directory fixtures for the template tests (not exported from the package). */
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultTemplatesDir, loadTemplates } from './index';
import type { TemplateIssue } from './issues';
import { TemplateLoadError } from './issues';

export async function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'qd-templates-'));
}

/** A writable copy of the shipped templates, to break one file at a time. */
export async function copyShippedTemplates(): Promise<string> {
  const dir = await makeTempDir();
  await cp(defaultTemplatesDir(), dir, { recursive: true });
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}

/** Rewrites one file in place and returns its new text (for locating lines). */
export async function editFile(dir: string, path: string, edit: (text: string) => string): Promise<string> {
  const file = join(dir, path);
  const before = await readFile(file, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`edit of ${path} changed nothing; the fixture is out of date`);
  await writeFile(file, after);
  return after;
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" not found in fixture`);
  return index + 1;
}

/** The issues loadTemplates reports for `dir`; fails the test if it loads cleanly. */
export async function loadIssues(dir: string): Promise<readonly TemplateIssue[]> {
  try {
    await loadTemplates(dir);
  } catch (error) {
    if (error instanceof TemplateLoadError) return error.issues;
    throw error;
  }
  throw new Error(`expected the templates in ${dir} to be rejected`);
}

/** A minimal valid catalog: one agent role per id given, one team holding them all. */
export function minimalCatalog(roles: readonly string[], workflowYaml: string): Record<string, string> {
  const files: Record<string, string> = {
    'teams/crew.yaml': ['id: crew', 'name: Crew', 'agents:', ...roles.map((role) => `  - agent: ${role}`)].join('\n'),
    'workflows/flow.yaml': workflowYaml,
  };
  for (const role of roles) {
    files[`agents/${role}.yaml`] = [`id: ${role}`, `name: ${role}`, `role: ${role}`, 'persona: p', 'system_prompt: s'].join('\n');
  }
  return files;
}
