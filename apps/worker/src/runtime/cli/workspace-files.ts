import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProducedFile } from '@quarterdeck/engine';

/** Folders that are tooling state, not work: never reported as produced files. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.quarterdeck', '.venv', '__pycache__']);
const MAX_FILE_BYTES = 1_000_000;
const MAX_FILES = 500;

/** path → content hash of every regular file, to tell afterwards what the process changed. */
export async function snapshotWorkspace(root: string): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for (const relative of await listFiles(root)) {
    snapshot.set(relative, hash(await readFile(path.join(root, relative))));
  }
  return snapshot;
}

/** Text files that are new or changed since `before`, with workspace-relative POSIX paths. */
export async function producedFiles(root: string, before: Map<string, string>): Promise<{ files: ProducedFile[]; skipped: string[] }> {
  const files: ProducedFile[] = [];
  const skipped: string[] = [];
  for (const relative of await listFiles(root)) {
    const bytes = await readFile(path.join(root, relative));
    if (before.get(relative) === hash(bytes)) continue;
    if (bytes.length > MAX_FILE_BYTES || bytes.includes(0) || files.length >= MAX_FILES) {
      // Binary, huge, or past the limit: a code artifact holds text files only.
      skipped.push(relative);
      continue;
    }
    files.push({ path: relative, content: bytes.toString('utf8') });
  }
  return { files, skipped };
}

async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) out.push(...(await listFiles(root, child)));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

function hash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
