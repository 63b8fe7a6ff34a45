// ESLint flat config (issue 7, "the core's borders"): rules that catch real bugs, plus the import
// borders of README "Architecture", enforced in `npm test` (scripts/test.sh). Style is prettier's job
// (.prettierrc, `npm run format:check`), so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';

/** Folders the connection core must never reach: it runs in plain Node and gets everything as ports. */
const CORE_FORBIDDEN = ['./main/demo-store', './main/sync', './main/ipc', './main/electron', './main/adapters', './renderer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-artifacts/**', 'bench/out/**', '.tmp/**', 'tests/shell/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    settings: {
      // import-x parses imported files itself to follow cycles: it needs the TypeScript parser for .ts/.tsx.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs'] })],
    },
    rules: {
      // No import circles anywhere (import-x does not follow `import type`, which is erased at run time).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Unused names are caught by tsc where they matter; `_`-prefixed ones are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Style, not bugs (`let x!: T` assigned once later is a deliberate forward declaration).
      'prefer-const': 'off',
      // Sanitisers deliberately match control characters (e.g. clipping header values for the UI).
      'no-control-regex': 'off',
    },
  },
  {
    // Tests poke at wire shapes and internals on purpose; `any` there hides no product bug.
    files: ['tests/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // main/core imports nothing from electron, the demo store, sync, IPC, the shell, the adapters or the renderer.
    files: ['main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'main/core runs in plain Node: take what you need from Electron as a port.' }] },
      ],
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './main/core', from: CORE_FORBIDDEN, message: 'main/core gets this through a port (main/storelink-app.ts composes it).' }] },
      ],
    },
  },
  {
    // The renderer reaches main only through the preload API; shared/ is common to both.
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The renderer talks to main only through the preload API.' }] }],
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './renderer', from: ['./main'], message: 'The renderer imports nothing from main/: use shared/ or the preload API.' }] },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'shared/ runs in both processes.' }] }],
      'import-x/no-restricted-paths': [
        'error',
        { zones: [{ target: './shared', from: ['./main', './renderer'], message: 'shared/ imports nothing from main/ or renderer/.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.tsx', 'renderer/**/*.ts'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
);
