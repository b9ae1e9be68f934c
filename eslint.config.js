// ESLint flat config. Correctness and process boundaries only — no formatting rules (layout is
// not worth a red squiggle). The boundary rules mirror VS Code's layering:
//   electron/main, electron/preload  the only code that may import 'electron'
//   electron/contract                zod and its own files only (shared by renderer and main)
//   renderer                         browser code: no Node built-ins, no main/services code
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const CODE = '**/*.{js,mjs,cjs,ts,mts,cts,vue}';

const ELECTRON_ONLY_IN_MAIN = {
  name: 'electron',
  message: "Only electron/main and electron/preload may import 'electron'. Put Node logic in electron/services.",
};

// `import('electron')` and `require('electron')` slip past no-restricted-imports.
const DYNAMIC_ELECTRON = [
  {
    selector: "ImportExpression[source.value='electron']",
    message: ELECTRON_ONLY_IN_MAIN.message,
  },
  {
    selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
    message: ELECTRON_ONLY_IN_MAIN.message,
  },
];

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'dist-electron/**',
      'node_modules/**',
      'release/**',
      'resources/demo/**',
      'coverage/**',
      'tests/e2e/screenshots/**',
    ],
  },

  // ── Language rules ───────────────────────────────────────────────────────────────────────
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],
  // eslint-plugin-vue's own "turn layout rules off" preset: formatting is not linted.
  { files: ['**/*.vue'], rules: pluginVue.configs['no-layout-rules'].rules },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    files: [CODE],
    rules: {
      // `_unused` marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Allows `let client!: X` assigned once after the closures that use it are created
      // (BackendClient.startWorker): the deferred assignment is the point there.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },

  // ── Globals per runtime ──────────────────────────────────────────────────────────────────
  {
    files: ['electron/**', 'scripts/**', 'tests/**', 'resources/**', '*.{js,mjs,cjs,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // e2e specs are Node, but the callbacks they hand to page.evaluate() run in the page.
  {
    files: ['tests/e2e/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },

  // ── Boundaries ───────────────────────────────────────────────────────────────────────────
  // Everywhere except main/preload: no 'electron'.
  {
    files: [CODE],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY_IN_MAIN] }],
      'no-restricted-syntax': ['error', ...DYNAMIC_ELECTRON],
    },
  },
  // start.mjs resolves the Electron *binary path* with require('electron'); it uses no Electron API.
  {
    files: ['scripts/start.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Renderer: browser only. (Replaces the rule above for these files, so 'electron' is repeated.)
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ELECTRON_ONLY_IN_MAIN,
            ...NODE_BUILTINS.map((name) => ({
              name,
              message: 'The renderer runs in a sandboxed browser page: no Node built-ins. Ask main through window.api (renderer/src/api).',
            })),
          ],
          patterns: [
            {
              regex: '^node:',
              message: 'The renderer runs in a sandboxed browser page: no Node built-ins.',
            },
            {
              regex: '(^|/)electron/(main|preload|services)(/|$)',
              message: 'The renderer talks to main only through the contract (@contract) and window.api.',
            },
          ],
        },
      ],
    },
  },
  // Contract: shared by both sides, so it depends on nothing but zod and itself.
  {
    files: ['electron/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod(/|$)|\\./)',
              message: 'electron/contract may import only zod and its own files (./...).',
            },
          ],
        },
      ],
    },
  },
);
