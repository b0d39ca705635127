import { defineConfig } from 'vitest/config';

// Two projects in one run:
// - `server`: everything that touches data. One Postgres for the whole run (started in
//   globalSetup); every test file gets its own database cloned from a migrated template, so
//   files run in parallel without seeing each other. Browser end-to-end tests live here too,
//   because they drive the whole system.
// - `web`: the dashboard's component and logic tests (apps/web/vitest.config.ts), no database.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'server',
          globalSetup: ['packages/db/src/testing/global-setup.ts'],
          include: [
            'scripts/**/*.test.ts',
            'apps/api/src/**/*.test.ts',
            'apps/api/test/**/*.test.ts',
            'apps/worker/src/**/*.test.ts',
            'apps/worker/test/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'packages/*/test/**/*.test.ts',
            'apps/web/e2e/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
      'apps/web/vitest.config.ts',
    ],
  },
});
