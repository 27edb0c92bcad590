// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { architecturePolicies, architectureRooms, architectureRoomsExempt } from './eslint.architecture.js';

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
              group: [
                'postgres',
                'drizzle-orm',
                'drizzle-orm/*',
                '@electric-sql/*',
                'node-vault',
                'hono',
                'hono/*',
                '@hono/*',
                'pino',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
                'undici',
                'axios',
              ],
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
  {
    // The rooms of the house and who may enter them (docs/ARCHITECTURE.md): imports flow one way,
    // entry points → api / worker → activities → sync / seats / providers / scim / db / secrets → domain.
    files: ['**/*.ts'],
    ignores: architectureRoomsExempt,
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': architectureRooms,
      // Rooms are matched on the full path (`mode: 'full'`) because some are single files of
      // src/temporal; 7.x's replacement (`partialMatch: false`) matches folders only.
      'boundaries/legacy-warnings': false,
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: architecturePolicies }],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    // Configuration is read and validated in one place; everything else receives it.
    files: ['src/**/*.ts', 'activities/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration in src/config.ts and pass it in.' }],
    },
  },
);
