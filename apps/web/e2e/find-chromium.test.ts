import { describe, expect, it } from 'vitest';
import { findChromium, type ChromiumSearch } from './find-chromium';

// The browser tests' Chromium: configured, found in the usual places, installed with apt on
// Debian as root, or a one-sentence explanation. Run against a made-up machine.

function machine(overrides: Partial<ChromiumSearch> & { executables?: string[]; dirs?: Record<string, string[]> }) {
  const executables = new Set(overrides.executables ?? []);
  const installs: string[] = [];
  const search: ChromiumSearch = {
    env: {},
    home: '/home/dev',
    platform: 'linux',
    isRoot: false,
    hasApt: false,
    isExecutable: (file) => executables.has(file),
    listDir: (dir) => overrides.dirs?.[dir] ?? [],
    installWithApt: () => {
      installs.push('chromium');
      executables.add('/usr/bin/chromium');
    },
    ...overrides,
  };
  return { search, installs };
}

describe('finding a Chromium for the browser tests', () => {
  it('takes QUARTERDECK_CHROMIUM first, and says so when it points nowhere', () => {
    const { search } = machine({
      env: { QUARTERDECK_CHROMIUM: '/opt/chrome/chrome' },
      executables: ['/opt/chrome/chrome', '/usr/bin/chromium'],
    });
    expect(findChromium(search)).toBe('/opt/chrome/chrome');
    expect(() => findChromium(machine({ env: { QUARTERDECK_CHROMIUM: '/nope' } }).search)).toThrow(
      /^QUARTERDECK_CHROMIUM is \/nope, which is not an executable file/,
    );
  });

  it('finds Ubuntu’s, Google’s and macOS’s browsers and Playwright’s cache', () => {
    expect(findChromium(machine({ executables: ['/usr/bin/chromium-browser'] }).search)).toBe('/usr/bin/chromium-browser');
    expect(findChromium(machine({ executables: ['/usr/bin/google-chrome'] }).search)).toBe('/usr/bin/google-chrome');
    expect(
      findChromium(machine({ platform: 'darwin', executables: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'] }).search),
    ).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    const cached = '/home/dev/.cache/ms-playwright/chromium-1200/chrome-linux/chrome';
    expect(
      findChromium(machine({ executables: [cached], dirs: { '/home/dev/.cache/ms-playwright': ['ffmpeg-1011', 'chromium-1200'] } }).search),
    ).toBe(cached);
  });

  it('installs Debian’s chromium as root on Debian when there is none', () => {
    const { search, installs } = machine({ isRoot: true, hasApt: true });
    expect(findChromium(search)).toBe('/usr/bin/chromium');
    expect(installs).toEqual(['chromium']);
  });

  it('otherwise stops with one sentence saying how to get one', () => {
    expect(() => findChromium(machine({ hasApt: true }).search)).toThrow(
      /^No Chromium found for the browser tests: install one \(on Debian or Ubuntu: sudo apt-get install chromium\), or set QUARTERDECK_CHROMIUM to its binary\.$/,
    );
    expect(() => findChromium(machine({ platform: 'darwin' }).search)).toThrow(/brew install --cask chromium/);
  });
});
