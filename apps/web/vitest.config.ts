import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// The web app's own test run: no database, unlike the workspace's root vitest config.
// Files that touch the DOM opt into happy-dom with a `// @vitest-environment happy-dom` line.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      name: 'web',
      root: import.meta.dirname,
      include: ['src/**/*.test.{ts,tsx}'],
      environment: 'node',
    },
  }),
);
