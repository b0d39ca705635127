import { defineConfig } from 'vitest/config';

// One Postgres for the whole run (started in globalSetup); every test file gets its own
// database cloned from a migrated template, so files run in parallel without seeing each other.
export default defineConfig({
  test: {
    globalSetup: ['packages/db/src/testing/global-setup.ts'],
    include: ['scripts/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'apps/web/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
