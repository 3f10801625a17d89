import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layers point one way: core ← db / sync ← features ← app. A feature never imports another feature.
// The server stands beside the app, not on it: it shares only core.
const layer = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
const msg = (message, regex) => ({ regex, message });

export default tseslint.config(
  { ignores: ['dist/', 'dist-test/', 'dev-dist/', 'node_modules/', 'coverage/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Every string a person reads is a translation key: no bare text in JSX.
    files: ['src/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': ['error', { mode: 'jsx-text-only', 'should-validate-template': true }],
    },
  },
  {
    // Screens render: filters, sorting, totals, caches and hooks live in a feature's model and
    // use-* modules, where tests import them. A screen file exports components (PascalCase) only.
    files: ['src/features/**/*.tsx'],
    ignores: ['src/features/**/routes.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
        {
          selector: 'ExportNamedDeclaration > FunctionDeclaration[id.name=/^[^A-Z]/]',
          message: "A screen file exports components only: move logic to the feature's model module.",
        },
        {
          selector: 'ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[id.name=/^[^A-Z]/]',
          message: "A screen file exports components only: move logic to the feature's model module.",
        },
        { selector: 'ExportNamedDeclaration > ClassDeclaration', message: "A screen file exports components only: move logic to the feature's model module." },
      ],
    },
  },
  layer(
    ['src/core/**'],
    [
      msg('core is platform-free: no React, Dexie, DOM helpers or app layers.', '^(react|react-dom|dexie|zustand|i18next|react-i18next|react-router)$'),
      msg('core imports nothing outside core.', '^\\.\\./'),
    ],
  ),
  layer(
    ['src/db/**', 'src/sync/**', 'src/search/**'],
    [
      msg('The data layer has no React.', '^(react|react-dom|react-router|react-i18next|zustand|dexie-react-hooks)$'),
      msg('The data layer does not reach into screens.', '/(features|app|ui)/'),
    ],
  ),
  layer(['src/ui/**', 'src/i18n/**'], [msg('Shared UI does not import screens or the shell.', '/(features|app)/')]),
  layer(
    ['src/features/**'],
    [
      msg('A feature does not import another feature; move shared code to ui/, db/ or core/.', '^\\.\\./(?!\\.\\./)'),
      msg('A feature does not import another feature or the app shell.', '/(features|app)/'),
    ],
  ),
  layer(
    ['server/**'],
    [msg('The server shares only src/core with the app: move what it needs there (data, not screens) or into server/.', '/src/(?!core(/|$))')],
  ),
  {
    files: ['vite.config.ts', 'vitest.e2e.config.ts', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
