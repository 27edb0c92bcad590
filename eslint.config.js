// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.flatMap((name) => [name, `node:${name}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'coverage/**', 'dist/**', 'drizzle/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node builtins, no I/O clients,
    // and activities only as types (a value import would pull their I/O into the bundle).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node builtins (use activities for I/O).' })),
          patterns: [
            {
              group: ['postgres', 'drizzle-orm', 'drizzle-orm/*', '@electric-sql/*', 'node-vault', 'hono', 'hono/*', '@hono/*', 'pino', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'undici', 'axios'],
              message: 'Workflows are deterministic: no I/O libraries; call an activity instead.',
            },
            {
              group: ['**/src/db/**', '**/src/api/**', '**/src/secrets/**', '**/src/providers/**', '**/src/scim/**', '**/src/main/**', '**/sim/**'],
              message: 'Workflows may import only src/domain and src/temporal/search-attributes (pure code).',
            },
            {
              group: ['**/activities/**', '../activities/*'],
              allowTypeImports: true,
              message: 'Import activities as types only: proxyActivities<ReturnType<typeof createActivities>>().',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch', 'process', 'require'],
    },
  },
);
