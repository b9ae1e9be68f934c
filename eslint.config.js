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

// SQL lives only in `*.repository.ts` and the numbered migrations (CONTRIBUTING.md): one place per
// table's queries, parameterised, and services that could move to another database. A string (or a
// template literal's text) is SQL when a statement keyword starts it or follows a `;`, after any
// `--` comment lines: in upper case (the house style), or in lower case in a statement's shape.
// Sentence-case UI text ("Delete view", "Select a grid") is left alone, and so are BEGIN, COMMIT,
// ROLLBACK and SAVEPOINT: transaction control belongs to the engine.
const SQL_KEYWORDS = 'SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|WITH|VACUUM|ANALYZE|REINDEX|ATTACH|DETACH';
const SQL_LOWER_CASE_SHAPES = [
  String.raw`select\s[\s\S]*\bfrom\b`,
  String.raw`(?:insert(?:\s+or\s+\w+)?|replace)\s+into\b`,
  String.raw`update\s+\S+\s+set\b`,
  String.raw`delete\s+from\b`,
  String.raw`create\s+(?:(?:unique|virtual|temp|temporary)\s+)?(?:table|index|view|trigger)\b`,
  String.raw`(?:drop\s+(?:table|index|view|trigger)|alter\s+table)\b`,
  String.raw`pragma\s+\w+`,
  String.raw`with\s+(?:recursive\s+)?\w+[\s\S]*\bas\s*\(`,
];
const SQL_TEXT = String.raw`(?:^|;)\s*(?:--[^\n]*\n\s*)*(?:(?:${SQL_KEYWORDS})\b|${SQL_LOWER_CASE_SHAPES.join('|')})`;
const SQL_ONLY_IN_REPOSITORIES =
  'SQL belongs in a *.repository.ts file (parameterised with ?), or in a numbered migration. Call the repository from here.';

/** no-restricted-syntax entries for SQL text; `allowed` (a regex source) exempts whole strings that match it. */
function noSqlText(allowed) {
  const unless = (path) => (allowed ? `:not([${path}=/${allowed}/])` : '');
  return [
    { selector: `Literal[value=/${SQL_TEXT}/]${unless('value')}`, message: SQL_ONLY_IN_REPOSITORIES },
    { selector: `TemplateElement[value.cooked=/${SQL_TEXT}/]${unless('value.cooked')}`, message: SQL_ONLY_IN_REPOSITORIES },
  ];
}

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
  // Services: no 'electron', and no SQL outside repositories and migrations. (Replaces the rule
  // above for these files, so the 'electron' entries are repeated.)
  {
    files: ['electron/services/**'],
    ignores: ['electron/services/**/*.repository.ts', 'electron/services/db/migrations/**'],
    rules: { 'no-restricted-syntax': ['error', ...DYNAMIC_ELECTRON, ...noSqlText()] },
  },
  // The engine's own statements, each allowed by its exact text:
  // fastRunner prepares this constant to find sql.js's statement handle; it never touches data.
  {
    files: ['electron/services/db/sqljs.ts'],
    rules: { 'no-restricted-syntax': ['error', ...DYNAMIC_ELECTRON, ...noSqlText('^SELECT 20261122$')] },
  },
  // The durable engine's connection settings (BEGIN/COMMIT/ROLLBACK need no exemption).
  {
    files: ['electron/services/db/durable-database.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...DYNAMIC_ELECTRON,
        ...noSqlText(String.raw`^(?:\s*PRAGMA (?:journal_mode|synchronous|foreign_keys|temp_store|cache_size) = -?\w+;)+$`),
      ],
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
