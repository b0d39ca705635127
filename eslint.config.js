// Type-aware linting for the whole workspace (typescript-eslint with the project service).
// The boundaries the architecture promises are rules here, not comments.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'packages/db/src/generated/**', '**/scratch/**', '.quarterdeck/**', 'eslint.config.js'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // Tests assert on promise rejections with expect(...).rejects; Prisma returns thenables.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // ── Boundaries ───────────────────────────────────────────────────────────────────
  // Apps depend on packages, never on each other; only the engine (and the db package that
  // implements it) appends events; only env.ts reads the environment.
  {
    files: ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts'],
    ignores: ['packages/engine/**', 'packages/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@quarterdeck/db',
              importNames: ['appendEvent', 'appendEvents'],
              message: 'Events are written by @quarterdeck/engine: inTransaction(...).emit for state changes, publishEvents for streams.',
            },
            { name: '@quarterdeck/worker', message: 'Apps never import another app; shared code belongs in a package.' },
          ],
          patterns: [
            {
              group: ['**/apps/*/src/**', '../../*/src/**', '@quarterdeck/worker/*'],
              message: 'Apps never import another app; shared code belongs in a package.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@quarterdeck/db',
              importNames: ['appendEvent', 'appendEvents'],
              message: 'Events are written by @quarterdeck/engine: inTransaction(...).emit for state changes, publishEvents for streams.',
            },
            { name: '@quarterdeck/worker', message: 'The API never imports the worker app: call @quarterdeck/engine.' },
          ],
          patterns: [
            { group: ['**/apps/*/src/**', '../../*/src/**', '@quarterdeck/worker/*'], message: 'The API never imports the worker app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@quarterdeck/worker', message: 'The dashboard talks to the API only.' },
            { name: '@quarterdeck/db', message: 'The dashboard talks to the API only.' },
            { name: '@quarterdeck/engine', message: 'The dashboard talks to the API only.' },
          ],
          patterns: [
            {
              group: ['@quarterdeck/api', '@quarterdeck/api/*'],
              allowTypeImports: true,
              message: 'Only the router type comes from the API (import type).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/*/src/**/*.{ts,tsx}', 'packages/*/src/**/*.ts'],
    ignores: ['**/env.ts', '**/*.test.ts', '**/*.test.tsx', 'packages/db/src/cli/**', 'packages/db/src/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Only env.ts reads the environment; pass settings in as arguments.' },
      ],
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Matchers such as expect.any() are typed `any` by vitest itself.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**/*.ts', '**/e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
