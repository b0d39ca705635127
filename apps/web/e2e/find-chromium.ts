import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Where the browser tests find a Chromium: QUARTERDECK_CHROMIUM if set, else the usual
// places of Debian's, Ubuntu's, Google's and macOS's browsers and Playwright's cache. With
// none, on Debian or Ubuntu as root it installs Debian's `chromium` (browser downloads are
// not possible here, packages are); anywhere else it stops with one sentence saying how.

export interface ChromiumSearch {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  platform: NodeJS.Platform;
  isRoot: boolean;
  isExecutable(file: string): boolean;
  listDir(dir: string): string[];
  /** Debian / Ubuntu with apt-get. */
  hasApt: boolean;
  /** Runs `apt-get install chromium`; throws if it fails. */
  installWithApt(): void;
}

const COMMON_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function playwrightCached(search: ChromiumSearch): string[] {
  const caches = [path.join(search.home, '.cache', 'ms-playwright'), path.join(search.home, 'Library', 'Caches', 'ms-playwright')];
  const found: string[] = [];
  for (const cache of caches) {
    for (const entry of search
      .listDir(cache)
      .filter((name) => name.startsWith('chromium'))
      .sort()
      .reverse()) {
      found.push(
        path.join(cache, entry, 'chrome-linux', 'chrome'),
        path.join(cache, entry, 'chrome-linux64', 'chrome'),
        path.join(cache, entry, 'chrome-mac', 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
      );
    }
  }
  return found;
}

export function findChromium(search: ChromiumSearch): string {
  const configured = search.env.QUARTERDECK_CHROMIUM;
  if (configured) {
    if (search.isExecutable(configured)) return configured;
    throw new Error(`QUARTERDECK_CHROMIUM is ${configured}, which is not an executable file: point it at a Chromium or Chrome binary.`);
  }
  const found = [...COMMON_PATHS, ...playwrightCached(search)].find((candidate) => search.isExecutable(candidate));
  if (found) return found;
  if (search.platform === 'linux' && search.hasApt && search.isRoot) {
    search.installWithApt();
    if (search.isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
    throw new Error('apt-get installed chromium but /usr/bin/chromium is not there: set QUARTERDECK_CHROMIUM to the browser binary.');
  }
  throw new Error(
    search.platform === 'darwin'
      ? 'No Chromium found for the browser tests: install Google Chrome or Chromium (brew install --cask chromium), or set QUARTERDECK_CHROMIUM to its binary.'
      : 'No Chromium found for the browser tests: install one (on Debian or Ubuntu: sudo apt-get install chromium), or set QUARTERDECK_CHROMIUM to its binary.',
  );
}

let found: string | undefined;

/** This machine's Chromium, found (or installed) once per test process. */
export function chromiumForTests(env: Readonly<Record<string, string | undefined>>): string {
  found ??= findChromium({
    env,
    home: os.homedir(),
    platform: process.platform,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    isExecutable: (file) => {
      try {
        accessSync(file, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    },
    listDir: (dir) => (existsSync(dir) ? readdirSync(dir) : []),
    hasApt: existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get'),
    installWithApt: () => {
      const options = { stdio: 'inherit' as const, env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 };
      execFileSync('apt-get', ['update', '-qq'], options);
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], options);
    },
  });
  return found;
}
